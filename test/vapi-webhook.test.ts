import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { endOfCallReport } from "./fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "./fixtures/vapi/status-update.js";
import { transcriptLine } from "./fixtures/vapi/transcript.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";
import { signVapiBody } from "../lib/vapi/verify-vapi-request.js";
import { VAPI_SECRET, vapiRequest, type VapiAuth } from "./support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());

async function line(fields: Record<string, unknown> = {}) {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, {
    name: "Harbor Dental",
    vapi_phone_number_id: phoneNumberId,
    timezone: "America/New_York",
    business_hours: sql.json({ mon: [{ open: "09:00", close: "17:00" }] }),
    ...fields,
  });
  return { businessId: business.id, number: business.phone_number, phoneNumberId };
}

async function send(payload: unknown, auth?: VapiAuth) {
  const response = await POST(vapiRequest(payload, auth));
  // VAPI's answers are loosely shaped JSON; the tests read them as such.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read by path in assertions
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const callRow = async (vapiCallId: string) => (await sql`select * from calls where vapi_call_id = ${vapiCallId}`)[0];

describe("POST /api/vapi-webhook: a whole call", () => {
  it("answers assistant-request with the business's assistant, then records the call to its end", async () => {
    const { businessId, number, phoneNumberId } = await line();
    const callId = randomUUID();
    const started = await send(assistantRequest({ callId, phoneNumberId, number }));
    expect(started.status).toBe(200);
    const assistant = started.body.assistant;
    expect(assistant.firstMessage).toContain("Harbor Dental");
    expect(assistant.model.messages[0].content).toContain("You are the phone receptionist of Harbor Dental");
    expect(assistant.model.messages[0].content).toMatch(/Today is \w+day, \w+ \d+, \d{4}/);
    expect(assistant.model.messages[0].content).toContain("Monday: 9 AM to 5 PM.");
    expect(assistant.model.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(["checkAvailability", "createBooking", "findBooking", "cancelBooking", "rescheduleBooking"]);
    // No credential id configured: no server at all, so VAPI uses the phone number's (and its credential).
    expect(assistant.server).toBeUndefined();
    expect(assistant.model.tools.filter((t: { server?: unknown }) => t.server !== undefined)).toEqual([]);
    expect(JSON.stringify(started.body)).not.toContain("test-vapi-secret-0123456789");
    expect(assistant.serverMessages).toEqual(["status-update", 'transcript[transcriptType="final"]', "end-of-call-report", "tool-calls"]);
    expect(assistant.metadata).toEqual({ businessId });
    expect((await callRow(callId))?.status).toBe("queued");

    const t0 = Date.parse("2026-11-26T15:00:05Z");
    // The live lines say what the report's artifact.messages say (as on a real call).
    for (const payload of [
      statusUpdate({ callId, phoneNumberId, number, status: "ringing", timestamp: t0 - 2000 }),
      statusUpdate({ callId, phoneNumberId, number, status: "in-progress", timestamp: t0 }),
      transcriptLine({ callId, phoneNumberId, number, role: "assistant", text: "Thanks for calling, how can I help?", timestamp: t0 + 1000 }),
      transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like a cleaning next week.", timestamp: t0 + 4000 }),
      statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "customer-ended-call", timestamp: t0 + 60_000 }),
      endOfCallReport({ callId, phoneNumberId, number, startedAt: "2026-11-26T15:00:05.000Z", endedAt: "2026-11-26T15:01:05.000Z" }),
    ]) {
      expect((await send(payload)).status).toBe(200);
    }
    const row = await callRow(callId);
    expect(row).toMatchObject({ status: "ended", ended_reason: "customer-ended-call", summary: expect.any(String) });
    expect(Number(row?.duration_seconds)).toBe(60);
    expect(await sql`select 1 from call_transcripts where call_id = ${row?.id}`).toHaveLength(2);
  });

  it("ends in the same state when the messages come shuffled and duplicated", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const t0 = Date.parse("2026-11-26T16:00:05Z");
    // The live lines say what the report's artifact.messages say (as on a real call).
    const messages = [
      assistantRequest({ callId, phoneNumberId, number }),
      statusUpdate({ callId, phoneNumberId, number, status: "in-progress", timestamp: t0 }),
      transcriptLine({ callId, phoneNumberId, number, role: "assistant", text: "Thanks for calling, how can I help?", timestamp: t0 + 1000 }),
      transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like a cleaning next week.", timestamp: t0 + 4000 }),
      statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "assistant-ended-call", timestamp: t0 + 30_000 }),
      endOfCallReport({ callId, phoneNumberId, number, startedAt: "2026-11-26T16:00:05.000Z", endedAt: "2026-11-26T16:00:35.000Z" }),
    ];
    const order = [5, 2, 4, 0, 1, 3, 2, 5, 4, 1];
    for (const index of order) expect((await send(messages[index])).status).toBe(200);
    const row = await callRow(callId);
    // The report is the final word whatever the order: its ended reason wins over the status update's.
    expect(row).toMatchObject({ status: "ended", ended_reason: "customer-ended-call" });
    expect(Number(row?.duration_seconds)).toBe(30);
    expect(await sql`select role, text from call_transcripts where call_id = ${row?.id} order by spoken_at, sequence`).toEqual([
      { role: "assistant", text: "Thanks for calling, how can I help?" },
      { role: "user", text: "I'd like a cleaning next week." },
    ]);
  });
});

describe("POST /api/vapi-webhook: who may call it", () => {
  it.each(["secret", "bearer", "hmac"] as const)("accepts the %s credential", async (auth) => {
    const { number, phoneNumberId } = await line();
    expect((await send(statusUpdate({ callId: randomUUID(), phoneNumberId, number, status: "ringing" }), auth)).status).toBe(200);
  });

  it.each([
    ["no credentials", "none" as const],
    ["a wrong secret", { headers: { "x-vapi-secret": "wrong-secret-wrong-secret" } }],
  ])("refuses %s with 401 and stores nothing", async (_name, auth) => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    expect((await send(statusUpdate({ callId, phoneNumberId, number, status: "ringing" }), auth)).status).toBe(401);
    expect(await callRow(callId)).toBeUndefined();
  });

  it("refuses a correctly signed but hour-old request (a replay) with 401, storing nothing", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const body = JSON.stringify(statusUpdate({ callId, phoneNumberId, number, status: "ringing" }));
    const stale = signVapiBody(body, VAPI_SECRET, String(Math.floor(Date.now() / 1000) - 3600));
    const response = await POST(vapiRequest(undefined, { headers: stale }, body));
    expect(response.status).toBe(401);
    expect(await callRow(callId)).toBeUndefined();
  });
});

describe("POST /api/vapi-webhook: bad input", () => {
  it("answers 400 with the reason for a body that is not JSON or not a VAPI message", async () => {
    const notJson = await POST(vapiRequest(undefined, "hmac", "{not json"));
    expect(notJson.status).toBe(400);
    const noType = await send({ message: { status: "ringing" } });
    expect(noType.status).toBe(400);
    expect(noType.body.error.message).toContain("message.type");
    const badTranscript = await send({ message: { type: "transcript", role: "user", transcript: 42, call: { id: "c" } } });
    expect(badTranscript.status).toBe(400);
    expect(badTranscript.body.error.message).toContain("transcript");
  });

  it("acknowledges a message that names no call (VAPI's types allow it), storing nothing, and answers each tool call of one", async () => {
    for (const type of ["status-update", "transcript", "end-of-call-report"]) {
      const answer = await send({ message: { type, status: "ended", role: "user", transcript: "hello", timestamp: Date.now() } });
      expect({ type, status: answer.status, body: answer.body }).toEqual({ type, status: 200, body: {} });
    }
    const tools = await send({ message: { type: "tool-calls", toolCallList: [{ id: "tc-no-call", function: { name: "checkAvailability", arguments: {} } }] } });
    expect(tools.status).toBe(200);
    expect(tools.body.results).toEqual([{ toolCallId: "tc-no-call", name: "checkAvailability", result: expect.stringContaining("I can't reach the calendar") }]);
  });

  it("answers 413 for a body over 4.5 MB", async () => {
    const huge = JSON.stringify({ message: { type: "speech-update", padding: "x".repeat(5 * 1024 * 1024) } });
    const response = await POST(vapiRequest(undefined, "secret", huge));
    expect(response.status).toBe(413);
  });

  it("acknowledges message types it does not act on, and unknown ones, with 200", async () => {
    expect(await send({ message: { type: "speech-update", status: "started", role: "user" } })).toEqual({ status: 200, body: {} });
    expect(await send({ message: { type: "some-future-message", call: { id: "x" } } })).toEqual({ status: 200, body: {} });
  });
});

describe("POST /api/vapi-webhook: assistant-request edge cases", () => {
  it("answers an assistant-request that names no call (VAPI's own docs example sends \"call\": {}) with the message-taking assistant", async () => {
    const { status, body } = await send({ message: { type: "assistant-request", call: {} } });
    expect(status).toBe(200);
    expect(body.assistant).toMatchObject({ firstMessage: expect.stringContaining("I can take a message") });
  });

  it("refuses politely a number no business has, storing nothing", async () => {
    const callId = randomUUID();
    const { body } = await send(assistantRequest({ callId, phoneNumberId: `pn-${randomUUID()}`, number: uniquePhoneNumber() }));
    expect(body).toEqual({ error: "Sorry, this number is not in service. Goodbye." });
    expect(await callRow(callId)).toBeUndefined();
  });

  it("transfers the callers of an inactive business to its fallback number, or refuses politely", async () => {
    const withFallback = await line({ active: false, fallback_transfer_number: "+15557654321" });
    const transferred = await send(assistantRequest({ callId: randomUUID(), phoneNumberId: withFallback.phoneNumberId, number: withFallback.number }));
    expect(transferred.body).toEqual({ destination: { type: "number", number: "+15557654321", message: "Please hold while I connect you." } });
    const without = await line({ active: false });
    const refused = await send(assistantRequest({ callId: randomUUID(), phoneNumberId: without.phoneNumberId, number: without.number }));
    expect(refused.body.error).toContain("Harbor Dental is not taking calls");
  });

  it("uses the business's saved VAPI assistant with today's facts as variables", async () => {
    const { businessId, number, phoneNumberId } = await line({ vapi_assistant_id: "asst-saved-123" });
    const { body } = await send(assistantRequest({ callId: randomUUID(), phoneNumberId, number }));
    expect(body.assistantId).toBe("asst-saved-123");
    expect(body.assistantOverrides.metadata).toEqual({ businessId });
    expect(body.assistantOverrides.variableValues).toMatchObject({ businessName: "Harbor Dental", timeZone: "America/New_York", canBook: "yes" });
  });

  it("answers a tool it does not know with an error the assistant can say, never silence", async () => {
    const { body, status } = await send({
      message: {
        type: "tool-calls",
        toolCallList: [{ id: "tc-1", type: "function", function: { name: "orderPizza", arguments: {} } }],
        toolWithToolCallList: [],
        call: { id: randomUUID() },
      },
    });
    expect(status).toBe(200);
    expect(body.results).toEqual([{ toolCallId: "tc-1", name: "orderPizza", error: expect.stringContaining("take a message") }]);
  });

  it("offers no tools when the business's calendar needs reconnecting", async () => {
    const { number, phoneNumberId } = await line({ calcom_status: "needs_reconnect" });
    const { body } = await send(assistantRequest({ callId: randomUUID(), phoneNumberId, number }));
    expect(body.assistant.model.tools).toBeUndefined();
    expect(body.assistant.model.messages[0].content).toContain("cannot be booked");
  });
});
