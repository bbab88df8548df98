import { randomUUID } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../api/vapi-webhook.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { vapiRequest } from "../support/vapi-request.js";

// This file's database accepts connections and never answers (a paused server, a saturated
// pooler, a half-open network path): worse than a stopped one, which refuses at once.
const sockets = new Set<Socket>();
let silent: Server;
beforeAll(async () => {
  silent = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address = silent.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${address.port}/postgres`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("POST /api/vapi-webhook while the database hangs", () => {
  it("answers assistant-request within 3 s with the message-taking assistant (was: after the 10 s connect timeout, past VAPI's 7.5 s)", async () => {
    const started = performance.now();
    const response = await POST(vapiRequest(assistantRequest({ callId: randomUUID(), phoneNumberId: "pn-hang", number: "+15551230000" })));
    const elapsedMs = performance.now() - started;
    console.info(`assistant-request with a database that never answers: ${elapsedMs.toFixed(0)} ms`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { assistant: { firstMessage: string; model: { tools?: unknown } } };
    expect(body.assistant.firstMessage).toContain("take a message");
    expect(body.assistant.model.tools).toBeUndefined();
    expect(elapsedMs).toBeLessThan(3_000);
  });
});
