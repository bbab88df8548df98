import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabase } from "../lib/db/get-database.js";
import { handleEndOfCallReport } from "../lib/vapi/handle-end-of-call-report.js";
import { handleStatusUpdate } from "../lib/vapi/handle-status-update.js";
import { handleTranscript } from "../lib/vapi/handle-transcript.js";
import { endOfCallReport } from "./fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "./fixtures/vapi/status-update.js";
import { transcriptLine } from "./fixtures/vapi/transcript.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

async function line() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId });
  return { businessId: business.id, number: business.phone_number, phoneNumberId };
}

const STARTED = "2026-11-26T15:00:05.000Z";
const ENDED = "2026-11-26T15:04:55.000Z";
const report = async (payload: { message: unknown }) => handleEndOfCallReport(await getDatabase(), payload.message, new Date());
const callRow = async (vapiCallId: string) =>
  (await sql`select id, business_id, status, started_at, ended_at, duration_seconds, ended_reason, summary, full_transcript, recording_url, intent, sentiment, booking_made
             from calls where vapi_call_id = ${vapiCallId}`)[0];
const linesOf = async (callRowId: string) => sql`select role, text from call_transcripts where call_id = ${callRowId} order by spoken_at, sequence`;

describe("end-of-call-report", () => {
  it("takes the lines from the message itself when the artifact has none, as 2024's reports carried them", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    const { messages, ...artifact } = payload.message.artifact;
    await report({ message: { ...payload.message, artifact, messages } });
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => l.role + ": " + l.text)).toEqual(["assistant: Thanks for calling, how can I help?", "user: I'd like a cleaning next week."]);
  });

  it("produces a complete call when it is the only message that ever arrived", async () => {
    const { businessId, number, phoneNumberId } = await line();
    const callId = randomUUID();
    await report(endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED }));
    const row = await callRow(callId);
    expect(row).toMatchObject({
      business_id: businessId,
      status: "ended",
      ended_reason: "customer-ended-call",
      summary: "Caller booked a cleaning for Tuesday at 3 PM.",
      recording_url: "https://storage.vapi.ai/abc-mono.wav",
      intent: "book_appointment",
      sentiment: "positive",
      booking_made: false,
    });
    expect(Number(row?.duration_seconds)).toBe(290);
    expect(row?.full_transcript).toContain("I'd like a cleaning");
    // Backfilled from artifact.messages: "bot" becomes the assistant; system and tool entries are not speech.
    expect(await linesOf(row?.id)).toEqual([
      { role: "assistant", text: "Thanks for calling, how can I help?" },
      { role: "user", text: "I'd like a cleaning next week." },
    ]);
  });

  it("keeps the live lines and adds only the report's lines none of them brought, matched by words rather than time", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    await handleStatusUpdate(db, statusUpdate({ callId, phoneNumberId, number, status: "in-progress", timestamp: t0 }).message, new Date());
    // VAPI stamps a live line when it sends it, after the words: 7.3 s here, where the report says 5 s.
    await handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like a cleaning next week.", timestamp: t0 + 7_300 }).message, new Date());
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => `${l.role}: ${l.text}`)).toEqual(["assistant: Thanks for calling, how can I help?", "user: I'd like a cleaning next week."]);
    expect(row?.status).toBe("ended");
  });

  it("adds a phrase said more often than it arrived live, as often as the report has it more", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    await handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text: "Yes.", timestamp: t0 + 2_500 }).message, new Date());
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    payload.message.artifact.messages = [
      { role: "bot", message: "Is it for a cleaning?", time: t0 + 1_000, endTime: t0 + 1_800, secondsFromStart: 1, duration: 800 },
      { role: "user", message: "Yes.", time: t0 + 2_000, endTime: t0 + 2_300, secondsFromStart: 2, duration: 300 },
      { role: "bot", message: "Tuesday at three?", time: t0 + 3_000, endTime: t0 + 3_800, secondsFromStart: 3, duration: 800 },
      { role: "user", message: "Yes.", time: t0 + 4_000, endTime: t0 + 4_300, secondsFromStart: 4, duration: 300 },
      { role: "user", message: "Yes.", time: t0 + 4_500, endTime: t0 + 4_800, secondsFromStart: 4.5, duration: 300 },
    ];
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => `${l.role}: ${l.text}`)).toEqual([
      "assistant: Is it for a cleaning?",
      "user: Yes.",
      "assistant: Tuesday at three?",
      "user: Yes.",
      "user: Yes.",
    ]);
  });

  it("matches a message with the live segments it joins before the same words said earlier: an earlier \"Yeah.\" lost live is added", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    const live = (text: string, at: number) => handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text, timestamp: t0 + at }).message, new Date());
    // The first "Yeah." (at 2 s) never arrived; the second message arrived as its two segments.
    await live("Yeah.", 20_500);
    await live("take you get my data.", 22_500);
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    payload.message.artifact.messages = [
      { role: "user", message: "Yeah.", time: t0 + 2_000, endTime: t0 + 2_300, secondsFromStart: 2, duration: 300 },
      { role: "bot", message: "Shall I look you up?", time: t0 + 10_000, endTime: t0 + 11_000, secondsFromStart: 10, duration: 1_000 },
      { role: "user", message: "Yeah. take you get my data.", time: t0 + 20_000, endTime: t0 + 22_100, secondsFromStart: 20, duration: 480 },
    ];
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => `${l.role}: ${l.text}`)).toEqual(["user: Yeah.", "assistant: Shall I look you up?", "user: Yeah.", "user: take you get my data."]);
  });

  it("passes over a neighbouring live line of the same speaker to find a message's segments, and adds a message the live lines hold only in part", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    const live = (text: string, at: number) => handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text, timestamp: t0 + at }).message, new Date());
    await live("Yes.", 2_700);
    await live("Tuesday at three,", 4_000);
    await live("please.", 4_900);
    await live("Thanks.", 6_000);
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    payload.message.artifact.messages = [
      { role: "user", message: "Yes.", time: t0 + 2_000, endTime: t0 + 2_300, secondsFromStart: 2, duration: 300 },
      // Joined as VAPI joins segments (spacing aside); "Thanks." lies in its span and is passed over.
      { role: "user", message: "Tuesday at three,   please.", time: t0 + 3_000, endTime: t0 + 4_500, secondsFromStart: 3, duration: 1_500 },
      // "Bye." never arrived live: the whole message is added, beside the "Thanks." that did.
      { role: "user", message: "Thanks. Bye.", time: t0 + 5_600, endTime: t0 + 6_600, secondsFromStart: 5.6, duration: 1_000 },
    ];
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => l.text)).toEqual(["Yes.", "Tuesday at three,", "please.", "Thanks. Bye.", "Thanks."]);
  });

  it("takes each live line for one segment only: \"Yes. Yes.\" is not the join of one live \"Yes.\"", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    await handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text: "Yes.", timestamp: t0 + 2_700 }).message, new Date());
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    payload.message.artifact.messages = [{ role: "user", message: "Yes. Yes.", time: t0 + 2_000, endTime: t0 + 2_550, secondsFromStart: 2, duration: 550 }];
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => l.text)).toEqual(["Yes. Yes.", "Yes."]);
  });

  it("keeps a live line that arrives after the report only when the report lacks its words", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    const t0 = Date.parse(STARTED);
    await report(endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED }));
    const late = (text: string, at: number) => handleTranscript(db, transcriptLine({ callId, phoneNumberId, number, role: "user", text, timestamp: at }).message, new Date());
    await late("I'd like a cleaning next week.", t0 + 7_300);
    await late("And my daughter too.", t0 + 9_000);
    const row = await callRow(callId);
    expect((await linesOf(row?.id)).map((l) => l.text)).toEqual(["Thanks for calling, how can I help?", "I'd like a cleaning next week.", "And my daughter too."]);
  });

  it("changes nothing more when delivered twice", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    const payload = endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED });
    await report(payload);
    await report(payload);
    const row = await callRow(callId);
    expect(await linesOf(row?.id)).toHaveLength(2);
    expect(await sql`select 1 from calls where vapi_call_id = ${callId}`).toHaveLength(1);
  });

  it("marks the call when a booking was made during it", async () => {
    const { businessId, number, phoneNumberId } = await line();
    const callId = randomUUID();
    const db = await getDatabase();
    await handleStatusUpdate(db, statusUpdate({ callId, phoneNumberId, number, status: "in-progress" }).message, new Date());
    const [call] = await sql`select id from calls where vapi_call_id = ${callId}`;
    await sql`insert into bookings (business_id, call_id, customer_name, scheduled_at, duration_minutes) values (${businessId}, ${call?.id}, 'Ada', '2030-07-15T13:00:00Z', 30)`;
    await report(endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED }));
    expect((await callRow(callId))?.booking_made).toBe(true);
  });

  it("stores an unknown sentiment as none rather than refusing the report", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await report(endOfCallReport({ callId, phoneNumberId, number, startedAt: STARTED, endedAt: ENDED, sentiment: "ecstatic" }));
    expect((await callRow(callId))?.sentiment).toBeNull();
  });

  it("will not complete business A's call through business B's line", async () => {
    const a = await line();
    const b = await line();
    const callId = randomUUID();
    await handleStatusUpdate(await getDatabase(), statusUpdate({ callId, phoneNumberId: a.phoneNumberId, number: a.number, status: "ringing" }).message, new Date());
    await report(endOfCallReport({ callId, phoneNumberId: b.phoneNumberId, number: b.number, startedAt: STARTED, endedAt: ENDED }));
    expect(await callRow(callId)).toMatchObject({ business_id: a.businessId, status: "ringing", summary: null });
  });
});
