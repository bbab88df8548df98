// What callers and the assistant say reaches the database whole, through the real server (npm start
// against the test database): a line as long as the webhook's body limit allows, the report's lines
// that never arrived live, and text with characters PostgreSQL cannot hold (NUL), which are
// replaced and logged, never a reason to refuse the message (issue 14, findings 5 and 6).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { endOfCallReport } from "../fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "../fixtures/vapi/status-update.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { transcriptLine } from "../fixtures/vapi/transcript.js";
import { ADMIN_KEY } from "../support/operator-request.js";
import { loadRecordedFixtures } from "../support/recorded-fixtures.js";
import { runningServiceForFile } from "../support/running-service.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { vapiRequest, type VapiAuth } from "../support/vapi-request.js";

const service = runningServiceForFile();
const sql = testSql();
afterAll(() => sql.end());

/** A signed VAPI request (test/support/vapi-request.ts), sent to the running server. */
async function post(payload: unknown, auth: VapiAuth = "hmac"): Promise<Response> {
  const signed = vapiRequest(payload, auth);
  return fetch(`${service.url}/api/vapi-webhook`, { method: "POST", headers: signed.headers, body: await signed.text() });
}

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

/** A business on its own line (open every day, hour-long slots, its built-in calendar) and a call id. */
async function newLine() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, name: "Harbor Dental", business_hours: sql.json(everyDay), slot_minutes: 60 });
  return { phoneNumberId, number: business.phone_number, callId: randomUUID(), businessId: business.id };
}

const linesOf = (vapiCallId: string) =>
  sql<{ role: string; text: string; sequence: number }[]>`
    select t.role, t.text, t.sequence from call_transcripts t join calls c on c.id = t.call_id
    where c.vapi_call_id = ${vapiCallId} order by t.spoken_at, t.sequence`;

/** 100,000 characters of speech (no astral characters, so characters and UTF-16 units agree). */
const LONG_LINE = "So the crown on my upper left molar — the one Dr. Müller fitted in March — came loose again; ".repeat(1100).slice(0, 99_999) + ".";
const U_FFFD = "\ufffd";

/** The service's JSON log lines of one event for one call, waiting a moment for them to arrive. */
async function logLines(event: string, vapiCallId: string): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const found = service
      .output()
      .split("\n")
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return []; // npm's own output, or a line still being written
        }
      })
      .filter((line) => line.event === event && line.vapiCallId === vapiCallId);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}

describe("long transcript lines (finding 5)", () => {
  it("stores a 100 kB transcript line whole", async () => {
    const line = await newLine();
    const response = await post(transcriptLine({ ...line, role: "user", text: LONG_LINE, timestamp: Date.now() }));
    expect(response.status).toBe(200);
    const [stored] = await sql<{ text: string; characters: number }[]>`
      select t.text, char_length(t.text) as characters from call_transcripts t
      join calls c on c.id = t.call_id where c.vapi_call_id = ${line.callId}`;
    expect(stored?.characters).toBe(100_000);
    expect(stored?.text).toBe(LONG_LINE);
  });

  it("ends with all 5 lines of the report when 4 arrived live (the 100 kB one among them, one refused), also when the report comes twice", async () => {
    const line = await newLine();
    const t0 = Date.now() - 120_000;
    const spoken = [
      { role: "assistant", vapiRole: "bot", text: "Thanks for calling Harbor Dental, how can I help?", at: 1_000, ms: 2_500 },
      { role: "user", vapiRole: "user", text: LONG_LINE, at: 4_000, ms: 30_000 },
      { role: "assistant", vapiRole: "bot", text: "I'm sorry to hear that. Which day suits you?", at: 35_000, ms: 2_000 },
      { role: "user", vapiRole: "user", text: "Tuesday afternoon, please.", at: 38_000, ms: 1_500 },
      { role: "assistant", vapiRole: "bot", text: "You're booked for Tuesday at 3 PM.", at: 40_000, ms: 2_000 },
    ] as const;
    expect((await post(statusUpdate({ ...line, status: "in-progress", timestamp: t0 }))).status).toBe(200);
    for (const [index, said] of spoken.entries()) {
      // VAPI stamps a live line when it sends it, after the words end; the report gives when they began.
      const payload = transcriptLine({ ...line, role: said.role, text: said.text, timestamp: t0 + said.at + said.ms + 400 });
      const refused = index === 2;
      const response = await post(payload, refused ? { headers: { "x-vapi-secret": "not-the-webhook-secret" } } : "hmac");
      expect(response.status).toBe(refused ? 401 : 200);
    }
    expect(await linesOf(line.callId)).toHaveLength(4);

    const report = endOfCallReport({ ...line, startedAt: new Date(t0).toISOString(), endedAt: new Date(t0 + 45_000).toISOString() });
    report.message.artifact.messages = [
      { role: "system", message: "You are the receptionist of Harbor Dental.", time: t0, secondsFromStart: 0 },
      ...spoken.map((said) => ({ role: said.vapiRole, message: said.text, time: t0 + said.at, endTime: t0 + said.at + said.ms, secondsFromStart: said.at / 1000, duration: said.ms })),
    ];
    for (let delivery = 0; delivery < 2; delivery += 1) {
      expect((await post(report)).status).toBe(200);
      const stored = await linesOf(line.callId);
      expect(stored.map((l) => [l.role, l.text.length])).toEqual(spoken.map((said) => [said.role, said.text.length]));
      expect(stored.map((l) => l.text)).toEqual(spoken.map((said) => said.text));
      expect(new Set(stored.map((l) => l.sequence)).size).toBe(5);
    }
  });
});

/** A line of a recorded report's artifact, as VAPI writes it. */
interface ArtifactMessage {
  role: string;
  message?: string;
  time: number;
  endTime?: number;
  metadata?: { wordLevelConfidence?: { word: string; end: number }[] };
}
interface RecordedReport {
  message: { artifact: { messages: ArtifactMessage[] }; call: { id: string; phoneNumberId?: string }; phoneNumber?: { id: string; number: string } };
}

/** Recorded call 025 (test/fixtures/vapi-recorded/SOURCES.md), the newest real report, on the given
 *  line: it was a web call, which names none. */
function recordedReport025(line: { callId: string; phoneNumberId: string; number: string }): RecordedReport {
  const recorded = loadRecordedFixtures<RecordedReport>("vapi-recorded").find((f) => f.file === "025-end-of-call-report.json");
  if (!recorded) throw new Error("test/fixtures/vapi-recorded/025-end-of-call-report.json is missing");
  const report = recorded.content;
  report.message.call.id = line.callId;
  report.message.call.phoneNumberId = line.phoneNumberId;
  report.message.phoneNumber = { id: line.phoneNumberId, number: line.number };
  return report;
}

const JOINED = "Yeah. take you get my data.";

describe("report messages that join live lines (finding 5, on real traffic)", () => {
  it("adds nothing for recorded call 025, whose report joins segments sent live one by one, also when the report comes twice", async () => {
    const line = await newLine();
    const report = recordedReport025(line);
    const spoken = report.message.artifact.messages.filter((m) => (m.role === "bot" || m.role === "user") && m.message);
    // As VAPI sent them live: each segment once its words ended (+400 ms), "Yes. Yes." and
    // "Yeah. take you get my data." in two segments each (the words' ends from wordLevelConfidence).
    const live = spoken.flatMap((m) => {
      const role = m.role === "bot" ? ("assistant" as const) : ("user" as const);
      const words = m.metadata?.wordLevelConfidence ?? [];
      if (m.message === "Yes. Yes.") return words.map((w) => ({ role, text: w.word, at: w.end + 400 }));
      if (m.message === JOINED) return [{ role, text: "Yeah.", at: (words[0]?.end ?? m.time) + 400 }, { role, text: "take you get my data.", at: (m.endTime ?? m.time) + 400 }];
      return [{ role, text: m.message ?? "", at: (m.endTime ?? m.time) + 400 }];
    });
    expect(live.map((l) => l.text)).toContain("take you get my data.");
    for (const l of live) expect((await post(transcriptLine({ ...line, role: l.role, text: l.text, timestamp: Math.round(l.at) }))).status).toBe(200);

    for (let delivery = 0; delivery < 2; delivery += 1) {
      expect((await post(report)).status).toBe(200);
      expect((await linesOf(line.callId)).map((l) => [l.role, l.text])).toEqual(live.map((l) => [l.role, l.text]));
    }
  });

  it("adds the joined message when one of its segments was lost live, once: nothing the caller said is lost", async () => {
    const line = await newLine();
    const report = recordedReport025(line);
    const joined = report.message.artifact.messages.find((m) => m.message === JOINED);
    if (!joined?.endTime) throw new Error(`025 has the user line "${JOINED}" with an endTime`);
    report.message.artifact.messages = [joined];
    // "take you get my data." never arrived live (a failed delivery).
    expect((await post(transcriptLine({ ...line, role: "user", text: "Yeah.", timestamp: joined.time + 470 }))).status).toBe(200);

    for (let delivery = 0; delivery < 2; delivery += 1) {
      expect((await post(report)).status).toBe(200);
      expect((await linesOf(line.callId)).map((l) => l.text)).toEqual([JOINED, "Yeah."]);
    }
  });
});

describe("characters the database cannot hold (finding 6)", () => {
  it("stores an end-of-call report with NUL in its summary, transcript, ended reason and a message, replaced, and logs where", async () => {
    const line = await newLine();
    const words = `private words ${randomUUID()}`;
    const report = endOfCallReport({ ...line, startedAt: "2026-11-26T15:00:05.000Z", endedAt: "2026-11-26T15:04:55.000Z" });
    const { message } = report;
    message.endedReason = "customer-ended-call\u0000";
    message.analysis.summary = `Caller said ${words}\u0000 and booked.`;
    message.analysis.structuredData.intent = "book\u0000appointment";
    message.artifact.transcript = `AI: Thanks for calling. User: ${words}\u0000\u0000`;
    const spokenLine = message.artifact.messages[2];
    if (!spokenLine) throw new Error("the fixture has a user line at index 2");
    spokenLine.message = `I'd like a cleaning\u0000 next week, ${words}.`;
    // Nested JSON too: a key and a value that jsonb could not hold (\u0000), deep in the artifact.
    Object.assign(message.artifact, { variableValues: { "caller\u0000name": { said: `${words}\u0000` } } });

    const response = await post(report);
    expect(response.status).toBe(200);
    const [call] = await sql`select id, status, ended_reason, summary, full_transcript, intent, recording_url from calls where vapi_call_id = ${line.callId}`;
    expect(call).toMatchObject({
      status: "ended",
      ended_reason: `customer-ended-call${U_FFFD}`,
      summary: `Caller said ${words}${U_FFFD} and booked.`,
      full_transcript: `AI: Thanks for calling. User: ${words}${U_FFFD}${U_FFFD}`,
      intent: `book${U_FFFD}appointment`,
      recording_url: "https://storage.vapi.ai/abc-mono.wav",
    });
    expect((await linesOf(line.callId)).map((l) => l.text)).toEqual(["Thanks for calling, how can I help?", `I'd like a cleaning${U_FFFD} next week, ${words}.`]);

    const [logged, ...more] = await logLines("vapi_text_replaced", line.callId);
    expect(more).toEqual([]);
    expect(logged).toMatchObject({ level: "warn", type: "end-of-call-report", characters: 8, fieldCount: 7 });
    expect(logged?.fields).toEqual(
      expect.arrayContaining([
        { path: "endedReason", count: 1 },
        { path: "analysis.summary", count: 1 },
        { path: "analysis.structuredData.intent", count: 1 },
        { path: "artifact.transcript", count: 2 },
        { path: "artifact.messages.2.message", count: 1 },
        { path: `artifact.variableValues.caller${U_FFFD}name`, count: 1, key: true },
        { path: `artifact.variableValues.caller${U_FFFD}name.said`, count: 1 },
      ]),
    );
    expect(service.output()).not.toContain(words);
  });

  it("stores a transcript line with a NUL, replaced, and logs it", async () => {
    const line = await newLine();
    const response = await post(transcriptLine({ ...line, role: "user", text: "My name is Zoë\u0000 Okafor.", timestamp: Date.now() }));
    expect(response.status).toBe(200);
    expect((await linesOf(line.callId)).map((l) => l.text)).toEqual([`My name is Zoë${U_FFFD} Okafor.`]);
    expect(await logLines("vapi_text_replaced", line.callId)).toEqual([
      expect.objectContaining({ type: "transcript", characters: 1, fields: [{ path: "transcript", count: 1 }] }),
    ]);
    expect(service.output()).not.toContain("Okafor");
  });

  it("stores a status-update whose ended reason holds a NUL, replaced", async () => {
    const line = await newLine();
    const response = await post(statusUpdate({ ...line, status: "ended", endedReason: "pipeline-error\u0000-openai", timestamp: Date.now() }));
    expect(response.status).toBe(200);
    const [call] = await sql`select status, ended_reason from calls where vapi_call_id = ${line.callId}`;
    expect(call).toEqual({ status: "ended", ended_reason: `pipeline-error${U_FFFD}-openai` });
    expect(await logLines("vapi_text_replaced", line.callId)).toEqual([
      expect.objectContaining({ type: "status-update", characters: 1, fields: [{ path: "endedReason", count: 1 }] }),
    ]);
  });

  it("books a tool call whose tool call id and call id hold a NUL, answers with the id VAPI sent, replays it once, and logs the replacement", async () => {
    const line = await newLine();
    const callId = `${line.callId}\u0000`;
    const toolCallId = "toolu_01\u0000RHAxDy";
    const calls = [
      { id: toolCallId, name: "createBooking", args: { name: "Ada Lovelace", dateTime: "2030-07-15T10:00" } },
      { id: "toolu_02plain", name: "checkAvailability", args: { date: "2030-07-15" } },
    ];
    const payload = toolCalls({ ...line, callId, calls });

    const first = await post(payload);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { results: { toolCallId: string; name: string; result?: string }[] };
    expect(answer.results).toEqual([
      { toolCallId, name: "createBooking", result: expect.stringMatching(/^You're booked for Monday, July 15, 2030 at 10 AM, Ada Lovelace\./) as unknown as string },
      { toolCallId: "toolu_02plain", name: "checkAvailability", result: expect.stringContaining("On Monday, July 15, 2030 I have") as unknown as string },
    ]);
    const bookings = () => sql`
      select b.customer_name, b.scheduled_at, b.idempotency_key, c.vapi_call_id from bookings b join calls c on c.id = b.call_id
      where b.business_id = ${line.businessId}`;
    const [booked, ...more] = await bookings();
    expect(more).toEqual([]);
    expect(booked).toMatchObject({ customer_name: "Ada Lovelace", scheduled_at: new Date("2030-07-15T14:00:00Z"), vapi_call_id: `${line.callId}${U_FFFD}` });
    expect(booked?.idempotency_key).toContain(`toolu_01${U_FFFD}RHAxDy`);
    const [logged, ...otherLogs] = await logLines("vapi_text_replaced", `${line.callId}${U_FFFD}`);
    expect(otherLogs).toEqual([]);
    expect(logged).toMatchObject({ level: "warn", type: "tool-calls" });
    expect(logged?.fields).toEqual(
      expect.arrayContaining([
        { path: "call.id", count: 1 },
        { path: "toolCallList.0.id", count: 1 },
        { path: "toolWithToolCallList.0.toolCall.id", count: 1 },
      ]),
    );

    // Redelivered: looked up by the same replaced ids, answered from the booking, not booked again.
    const again = await post(payload);
    expect(await again.json()).toEqual(answer);
    expect(await bookings()).toHaveLength(1);

  });

  it("answers an assistant-request whose call id holds a NUL with the business's assistant, records the call, and logs the replacement", async () => {
    const line = await newLine();
    const response = await post(assistantRequest({ ...line, callId: `${line.callId}\u0000` }));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { assistant?: { firstMessage?: string; metadata?: { businessId?: string } } };
    expect(answer.assistant?.metadata).toEqual({ businessId: line.businessId });
    expect(answer.assistant?.firstMessage).toContain("Harbor Dental");
    const calls = await sql`select vapi_call_id, status from calls where business_id = ${line.businessId}`;
    expect(calls).toEqual([{ vapi_call_id: `${line.callId}${U_FFFD}`, status: "queued" }]);
    expect(await logLines("vapi_text_replaced", `${line.callId}${U_FFFD}`)).toEqual([
      expect.objectContaining({ type: "assistant-request", characters: 1, fields: [{ path: "call.id", count: 1 }] }),
    ]);
  });

  it("still refuses a NUL in an operator's input, naming the field: the operator can fix it", async () => {
    const response = await fetch(`${service.url}/api/businesses`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Harbor\u0000Dental", phoneNumber: "+15550009999", timezone: "America/New_York" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "name: must not contain the NUL character (\\u0000), which cannot be stored" } });
  });
});
