import { randomUUID } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../api/health.js";
import { POST } from "../../api/vapi-webhook.js";
import { ANSWER_DEADLINES } from "../../lib/answer-deadlines.js";
import { CALENDAR_FALLBACK } from "../../lib/vapi/tools/tool-context.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { statusUpdate } from "../fixtures/vapi/status-update.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
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

/** The answer and how long it took. */
async function timed(answer: () => Promise<Response>): Promise<{ elapsedMs: number; status: number; body: unknown }> {
  const started = performance.now();
  const response = await answer();
  const body: unknown = await response.json();
  return { elapsedMs: performance.now() - started, status: response.status, body };
}

const line = { phoneNumberId: "pn-hang", number: "+15551230000" };

describe("POST /api/vapi-webhook while the database hangs", () => {
  it("answers assistant-request within 3 s with the message-taking assistant (was: after the 10 s connect timeout, past VAPI's 7.5 s)", async () => {
    const answer = await timed(() => POST(vapiRequest(assistantRequest({ ...line, callId: randomUUID() }))));
    console.info(`assistant-request with a database that never answers: ${answer.elapsedMs.toFixed(0)} ms`);
    expect(answer.status).toBe(200);
    const body = answer.body as { assistant: { firstMessage: string; model: { tools?: unknown } } };
    expect(body.assistant.firstMessage).toContain("take a message");
    expect(body.assistant.model.tools).toBeUndefined();
    expect(answer.elapsedMs).toBeLessThan(ANSWER_DEADLINES.assistantRequest.answerMs);
  });

  it("answers a tool call within 5 s with the spoken fallback for each tool call id", async () => {
    const calls = [
      { id: `tc-${randomUUID()}`, name: "checkAvailability", args: { date: "2030-07-15" } },
      { id: `tc-${randomUUID()}`, name: "createBooking", args: { name: "Grace Hopper", dateTime: "2030-07-15T10:00" } },
    ];
    const answer = await timed(() => POST(vapiRequest(toolCalls({ ...line, callId: randomUUID(), calls }))));
    console.info(`tool-calls with a database that never answers: ${answer.elapsedMs.toFixed(0)} ms`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ results: calls.map((c) => ({ toolCallId: c.id, name: c.name, result: CALENDAR_FALLBACK })) });
    expect(answer.elapsedMs).toBeLessThan(ANSWER_DEADLINES.toolCalls.answerMs);
  });

  it("answers any other event within 5 s with a 503 VAPI may retry", async () => {
    const answer = await timed(() => POST(vapiRequest(statusUpdate({ ...line, callId: randomUUID(), status: "ringing" }))));
    console.info(`status-update with a database that never answers: ${answer.elapsedMs.toFixed(0)} ms`);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ error: { code: "unavailable", message: "the database is unavailable; try again shortly" } });
    expect(answer.elapsedMs).toBeLessThan(ANSWER_DEADLINES.vapiEvent.answerMs);
  });
});

describe("GET /api/health while the database hangs", () => {
  it("answers 503 database unavailable within 2 s", async () => {
    const answer = await timed(() => GET(new Request("http://localhost/api/health")));
    console.info(`health with a database that never answers: ${answer.elapsedMs.toFixed(0)} ms`);
    expect(answer).toMatchObject({ status: 503, body: { status: "error", database: "unavailable" } });
    expect(answer.elapsedMs).toBeLessThan(ANSWER_DEADLINES.health.answerMs);
  });
});
