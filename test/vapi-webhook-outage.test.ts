import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { statusUpdate } from "./fixtures/vapi/status-update.js";
import { freePort } from "./support/free-port.js";
import { vapiRequest } from "./support/vapi-request.js";

// This file's server has a database that cannot be reached (nothing listens on its port).
beforeAll(async () => {
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
});

describe("POST /api/vapi-webhook while the database is unreachable", () => {
  it("still answers assistant-request with an assistant that takes a message", async () => {
    const started = Date.now();
    const response = await POST(vapiRequest(assistantRequest({ callId: randomUUID(), phoneNumberId: "pn-x", number: "+15551230000" })));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { assistant: { firstMessage: string; model: { tools?: unknown } } };
    expect(body.assistant.firstMessage).toContain("take a message");
    expect(body.assistant.model.tools).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("answers other events with 503 so they can be retried", async () => {
    const response = await POST(vapiRequest(statusUpdate({ callId: randomUUID(), phoneNumberId: "pn-x", number: "+15551230000", status: "ringing" })));
    expect(response.status).toBe(503);
  });
});
