import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as book } from "../../api/calcom/book.js";
import { POST } from "../../api/vapi-webhook.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { endOfCallReport } from "../fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "../fixtures/vapi/status-update.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { transcriptLine } from "../fixtures/vapi/transcript.js";
import { NASTY_STRINGS } from "../support/fuzz.js";
import { ADMIN_KEY, operatorRequest } from "../support/operator-request.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { vapiRequest } from "../support/vapi-request.js";

// Every string that has broken other systems, through each place a person's words are stored:
// stored as sent, or refused with a 4xx that says why; never a 500.
const sql = testSql();
afterAll(() => sql.end());

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

async function newLine() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone: "America/New_York", business_hours: sql.json(everyDay), slot_minutes: 30 });
  return { businessId: business.id, phoneNumberId, number: business.phone_number };
}

/** What UTF-8 text can hold of a JavaScript string: a lone surrogate becomes U+FFFD. */
const asUtf8 = (text: string) => Buffer.from(text).toString("utf8");
const label = (text: string) => JSON.stringify(text.length > 24 ? `${text.slice(0, 12)}…(${text.length} chars)` : text);
const CASES = NASTY_STRINGS.map((text) => ({ text, label: label(text) }));
/** A distinct free half hour per case, so each booking has its own slot. */
const slotOf = (index: number) => `2030-07-${15 + Math.floor(index / 16)}T${String(9 + Math.floor((index % 16) / 2)).padStart(2, "0")}:${index % 2 ? "30" : "00"}`;

/** Runs `work` with error lines logged (the suite runs silent) and returns them beside its result. */
async function loggedErrors<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "error";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk).trim());
    return true;
  });
  try {
    return { result: await work(), lines };
  } finally {
    spy.mockRestore();
    process.env.LOG_LEVEL = level;
  }
}

describe("nasty strings through the webhook", () => {
  it.each(CASES)("a transcript line of $label is stored as said, but for what the database cannot hold", async ({ text }) => {
    const line = await newLine();
    const callId = randomUUID();
    const response = await POST(vapiRequest(transcriptLine({ ...line, callId, role: "user", text, timestamp: Date.now() })));
    expect(response.status).toBe(200);
    const stored = await sql`select t.text from call_transcripts t join calls c on c.id = t.call_id where c.vapi_call_id = ${callId}`;
    // NUL and lone surrogates become U+FFFD; the line is otherwise whole, however long.
    const said = asUtf8(text.replaceAll("\u0000", "\ufffd")).trim();
    expect(stored.map((r) => r.text)).toEqual(said === "" ? [] : [said]);
  });

  it.each(CASES.map((c, index) => ({ ...c, index })))("createBooking for a caller named $label books under that name or asks again", async ({ text, index }) => {
    const line = await newLine();
    const call = { ...line, callId: randomUUID() };
    await POST(vapiRequest(assistantRequest(call)));
    // The error lines this tool call logs, to say why when it heard the fallback (it once did, in CI).
    const errors = await loggedErrors(() => POST(vapiRequest(toolCalls({ ...call, calls: [{ id: `tc-${randomUUID()}`, name: "createBooking", args: { name: text, dateTime: slotOf(index), notes: text.slice(0, 2000) } }] }))));
    const response = errors.result;
    expect(response.status).toBe(200);
    const result = ((await response.json()) as { results: { result: string }[] }).results[0]?.result;
    expect(result, `logged: ${errors.lines.join("\n")}`).not.toMatch(/^I can't reach the calendar/);
    // The tool reads the arguments as stored: NUL as U+FFFD, as UTF-8 holds a lone surrogate.
    const said = asUtf8(text.replaceAll("\u0000", "\ufffd"));
    const name = said.trim();
    const rows = await sql`select customer_name, notes from bookings where business_id = ${line.businessId}`;
    if (name === "" || name.length > 200) {
      expect(result).toBe("To book, I need your name and the time you'd like.");
      expect(rows).toEqual([]);
    } else {
      expect(result).toMatch(/^You're booked for /);
      expect(rows).toEqual([{ customer_name: name, notes: said || null }]);
    }
  });
});

describe("nasty strings through the operator API", () => {
  it.each(CASES.map((c, index) => ({ ...c, index })))("POST /api/calcom/book with the name $label books it under that name or answers 400 naming the field", async ({ text, index }) => {
    const { businessId } = await newLine();
    const response = await book(operatorRequest("/api/calcom/book", { body: { businessId, start: slotOf(index), name: text, phone: "+15550001234" } }));
    const body = (await response.json()) as { booking?: { name: string }; error?: { code: string; message: string } };
    const rows = await sql`select customer_name from bookings where business_id = ${businessId}`;
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.length > 200) {
      expect(response.status).toBe(400);
      expect(body.error?.message).toMatch(/^name: /);
      expect(rows).toEqual([]);
    } else if (text.includes("\u0000")) {
      expect(response.status).toBe(400);
      expect(body.error?.message).toBe("name: must not contain the NUL character (\\u0000), which cannot be stored");
      expect(rows).toEqual([]);
    } else {
      expect(response.status).toBe(201);
      expect(body.booking?.name).toBe(asUtf8(trimmed));
      expect(rows).toEqual([{ customer_name: asUtf8(trimmed) }]);
    }
  });

  it("refuses a body that is not UTF-8 with 400 and books nothing", async () => {
    const { businessId } = await newLine();
    const json = JSON.stringify({ businessId, start: slotOf(0), name: "Jos@@", phone: "+15550001234" });
    const [before = "", after = ""] = json.split("@@");
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]); // "José" in Latin-1
    const response = await book(new Request("http://localhost/api/calcom/book", { method: "POST", headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" }, body }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "request body is not valid UTF-8" } });
    expect(await sql`select 1 from bookings where business_id = ${businessId}`).toEqual([]);
  });
});

// Regressions the fuzz tests found (test/fuzz/vapi-webhook.test.ts).
describe("times VAPI could send that used to lose a message", () => {
  it("stores an end-of-call report whose artifact message time is beyond any date (was a 500)", async () => {
    const line = await newLine();
    const callId = randomUUID();
    const report = endOfCallReport({ ...line, callId, startedAt: "2026-11-26T15:00:05.000Z", endedAt: "2026-11-26T15:01:05.000Z" });
    Object.assign(report.message.artifact.messages[1] ?? {}, { time: 1e300 });
    expect((await POST(vapiRequest(report))).status).toBe(200);
    const [call] = await sql`select id, status, summary from calls where vapi_call_id = ${callId}`;
    expect(call).toMatchObject({ status: "ended", summary: "Caller booked a cleaning for Tuesday at 3 PM." });
    // The line without a usable time is left out; the others are kept.
    expect((await sql`select text from call_transcripts where call_id = ${call?.id} order by sequence`).map((r) => r.text)).toEqual(["I'd like a cleaning next week."]);
  });

  it("gives an ended call an end time when its report has none (was ended with ended_at null)", async () => {
    const line = await newLine();
    const callId = randomUUID();
    const report = endOfCallReport({ ...line, callId, startedAt: "2026-11-26T15:00:05.000Z", endedAt: "2026-11-26T15:01:05.000Z" });
    delete (report.message as { endedAt?: string }).endedAt;
    const before = new Date();
    expect((await POST(vapiRequest(report))).status).toBe(200);
    const [call] = await sql`select status, started_at, ended_at, duration_seconds from calls where vapi_call_id = ${callId}`;
    expect(call?.status).toBe("ended");
    expect((call?.ended_at as Date).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(Number(call?.duration_seconds)).toBeCloseTo(((call?.ended_at as Date).getTime() - (call?.started_at as Date).getTime()) / 1000, 1);
  });

  it("keeps a report whose start comes after the end a status update recorded (was a 400 check violation), and its duration agrees", async () => {
    const line = await newLine();
    const callId = randomUUID();
    const ended = Date.parse("2026-11-26T15:01:00.000Z");
    expect((await POST(vapiRequest(statusUpdate({ ...line, callId, status: "ended", endedReason: "customer-ended-call", timestamp: ended })))).status).toBe(200);
    const report = endOfCallReport({ ...line, callId, startedAt: "2026-11-26T15:01:30.000Z", endedAt: "2026-11-26T15:02:30.000Z" });
    delete (report.message as { endedAt?: string }).endedAt;
    expect((await POST(vapiRequest(report))).status).toBe(200);
    const [call] = await sql`select started_at, ended_at, duration_seconds, summary from calls where vapi_call_id = ${callId}`;
    expect(call).toMatchObject({ started_at: new Date("2026-11-26T15:01:30.000Z"), ended_at: new Date("2026-11-26T15:01:30.000Z"), summary: expect.any(String) });
    expect(Number(call?.duration_seconds)).toBe(0);
  });

  it("stores a transcript line whose timestamp PostgreSQL cannot hold at the time it arrived (was a 400)", async () => {
    const line = await newLine();
    const callId = randomUUID();
    expect((await POST(vapiRequest(transcriptLine({ ...line, callId, role: "user", text: "Hello?", timestamp: 8.64e15 })))).status).toBe(200);
    const [stored] = await sql`select t.spoken_at from call_transcripts t join calls c on c.id = t.call_id where c.vapi_call_id = ${callId}`;
    expect(Math.abs((stored?.spoken_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("stores a line spoken years after the call's recorded start, without seconds from the start (was a 400 numeric overflow)", async () => {
    const line = await newLine();
    const callId = randomUUID();
    expect((await POST(vapiRequest(statusUpdate({ ...line, callId, status: "in-progress", timestamp: 1_000 })))).status).toBe(200);
    expect((await POST(vapiRequest(transcriptLine({ ...line, callId, role: "user", text: "Still there?", timestamp: Date.now() })))).status).toBe(200);
    const rows = await sql`select t.seconds_from_start from call_transcripts t join calls c on c.id = t.call_id where c.vapi_call_id = ${callId}`;
    expect(rows).toEqual([{ seconds_from_start: null }]);
  });
});
