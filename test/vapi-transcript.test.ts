import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabase } from "../lib/db/get-database.js";
import { handleStatusUpdate } from "../lib/vapi/handle-status-update.js";
import { handleTranscript } from "../lib/vapi/handle-transcript.js";
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

const deliver = async (payload: { message: unknown }) => handleTranscript(await getDatabase(), payload.message, new Date());
const linesOf = async (vapiCallId: string) =>
  sql<{ role: string; text: string; sequence: number; seconds_from_start: string | null }[]>`
    select t.role, t.text, t.sequence, t.seconds_from_start from call_transcripts t
    join calls c on c.id = t.call_id where c.vapi_call_id = ${vapiCallId} order by t.spoken_at, t.sequence`;

const T0 = Date.parse("2026-11-26T15:00:00Z");

describe("transcript", () => {
  it("stores final lines in order, each once even when delivered twice", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await handleStatusUpdate(await getDatabase(), statusUpdate({ callId, phoneNumberId, number, status: "in-progress", timestamp: T0 }).message, new Date());
    const lines = [
      transcriptLine({ callId, phoneNumberId, number, role: "assistant", text: "Thanks for calling, how can I help?", timestamp: T0 + 1_000 }),
      transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like a cleaning next week.", timestamp: T0 + 4_000 }),
      transcriptLine({ callId, phoneNumberId, number, role: "assistant", text: "Sure, which day suits you?", timestamp: T0 + 6_500 }),
    ];
    for (const payload of [...lines, lines[1], lines[0]]) if (payload) await deliver(payload);
    const stored = await linesOf(callId);
    expect(stored.map((l) => [l.role, l.text])).toEqual(lines.map((l) => [l.message.role, l.message.transcript]));
    expect(stored.map((l) => Number(l.seconds_from_start))).toEqual([1, 4, 6.5]);
  });

  it("accepts the final-only message type and ignores partial lines", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await deliver(transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like", timestamp: T0, transcriptType: "partial" }));
    await deliver(transcriptLine({ callId, phoneNumberId, number, role: "user", text: "I'd like to book.", timestamp: T0 + 900, type: 'transcript[transcriptType="final"]' }));
    expect((await linesOf(callId)).map((l) => l.text)).toEqual(["I'd like to book."]);
  });

  it("creates the call when a line is the first message of it", async () => {
    const { businessId, number, phoneNumberId } = await line();
    const callId = randomUUID();
    await deliver(transcriptLine({ callId, phoneNumberId, number, role: "user", text: "Hello?", timestamp: T0 }));
    const [call] = await sql`select business_id, status from calls where vapi_call_id = ${callId}`;
    expect(call).toEqual({ business_id: businessId, status: "in-progress" });
  });

  it("keeps many concurrent lines of one call, numbered without gaps or clashes", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => deliver(transcriptLine({ callId, phoneNumberId, number, role: i % 2 ? "user" : "assistant", text: `Line ${i}`, timestamp: T0 + i * 1000 }))),
    );
    const stored = await linesOf(callId);
    expect(stored).toHaveLength(25);
    expect(stored.map((l) => l.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("will not add lines to business A's call through business B's line", async () => {
    const a = await line();
    const b = await line();
    const callId = randomUUID();
    await deliver(transcriptLine({ callId, phoneNumberId: a.phoneNumberId, number: a.number, role: "user", text: "Mine", timestamp: T0 }));
    await deliver(transcriptLine({ callId, phoneNumberId: b.phoneNumberId, number: b.number, role: "user", text: "Injected", timestamp: T0 + 1000 }));
    expect((await linesOf(callId)).map((l) => l.text)).toEqual(["Mine"]);
  });
});
