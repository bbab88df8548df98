// Real VAPI server messages, captured from real calls by others (published as test fixtures and
// development captures) and taken from VAPI's docs, each with its source in
// test/fixtures/vapi-recorded/SOURCES.md, replayed through the signed webhook in file order: every
// one answered 200, assistant-request with an assistant, tool calls with a result per toolCallId,
// and what the message says of its call stored, whether its timestamp is an ISO string (2024) or
// epoch milliseconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { vapiTime } from "../lib/vapi/vapi-time.js";
import { loadRecordedFixtures } from "./support/recorded-fixtures.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";
import { vapiRequest } from "./support/vapi-request.js";

type Raw = Record<string, unknown>;
interface Message extends Raw {
  type: string;
  timestamp?: unknown;
  call?: Raw & { id?: string; phoneNumberId?: string };
  phoneNumber?: Raw & { id?: string; number?: string };
}

const fixtures = loadRecordedFixtures<{ message: Message }>("vapi-recorded");
const sql = testSql();

/** Where a message says the call came in. */
const lineOf = (m: Message): string | undefined => m.call?.phoneNumberId ?? m.phoneNumber?.id;

/** The line given to messages of a call that carry none (web calls, trimmed captures). */
const WEB_LINE = "recorded-web-calls-line";
const businessOfLine = new Map<string, string>();

beforeAll(async () => {
  const lines = new Map<string, string | undefined>([[WEB_LINE, undefined]]);
  for (const { content } of fixtures) {
    const line = lineOf(content.message);
    const number = content.message.phoneNumber?.number;
    if (line && !lines.has(line)) lines.set(line, number && /^\+[1-9]\d{6,14}$/.test(number) ? number : undefined);
  }
  for (const [line, number] of lines) {
    // A re-run against the same database starts from nothing: the recorded ids are fixed.
    await sql`delete from public.businesses where vapi_phone_number_id = ${line} or phone_number = ${number ?? ""}`;
    businessOfLine.set(line, (await insertBusiness(sql, { vapi_phone_number_id: line, phone_number: number ?? uniquePhoneNumber() })).id);
  }
});
afterAll(async () => {
  await sql`delete from public.businesses where id in ${sql([...businessOfLine.values()])}`;
  await sql.end();
});

/** The line of each recorded call: the one any of its messages names, else WEB_LINE. */
const lineOfCall = new Map<string, string>();
for (const { content } of fixtures) {
  const { call } = content.message;
  const line = lineOf(content.message);
  if (call?.id && (line || !lineOfCall.has(call.id))) lineOfCall.set(call.id, line ?? lineOfCall.get(call.id) ?? WEB_LINE);
}

/** The message as sent: verbatim, except that a message whose call names no line (a web call, a
 *  capture trimmed by its publisher) arrives on its call's line, as VAPI would send it. */
function asDelivered(message: Message): Message {
  if (!message.call?.id || lineOf(message)) return message;
  return { ...message, call: { ...message.call, phoneNumberId: lineOfCall.get(message.call.id) ?? WEB_LINE } };
}

const callRow = async (message: Message) =>
  (
    await sql<{ id: string; status: string; started_at: Date | null; ended_at: Date | null; summary: string | null; full_transcript: string | null }[]>`
      select id, status, started_at, ended_at, summary, full_transcript from public.calls
      where business_id = ${businessOfLine.get(lineOf(message) ?? WEB_LINE) ?? null} and vapi_call_id = ${message.call?.id ?? ""}`
  )[0];

const toolCallIds = (m: Message): string[] => ((m.toolCallList ?? m.toolCalls ?? []) as { id: string }[]).map((c) => c.id);

describe("recorded VAPI messages", () => {
  it("are at least 25, at least 10 captured from real calls, across the five message types we act on, ISO and epoch timestamps alike", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    const real = fixtures.filter((f) => f.source.kind === "real capture");
    expect(real.length).toBeGreaterThanOrEqual(10);
    const types = new Set(fixtures.map((f) => f.content.message.type));
    for (const type of ["assistant-request", "tool-calls", "status-update", "transcript", "end-of-call-report"]) expect(types, type).toContain(type);
    expect(new Set(real.map((f) => typeof f.content.message.timestamp))).toEqual(new Set(["string", "number"]));
    for (const { file, content, source } of fixtures) {
      expect(source.type, file).toBe(content.message.type);
      expect(["real capture", "docs example"], file).toContain(source.kind);
      expect(source.source, file).not.toBe("");
      const form = { string: "ISO string", number: "epoch ms", undefined: "absent" }[typeof content.message.timestamp as "string"];
      expect(source.timestamp, file).toBe(form);
    }
  });

  it.each(fixtures.map((f) => [f.file, f.content.message] as const))("%s", async (file, recorded) => {
    const message = asDelivered(recorded);
    const response = await POST(vapiRequest({ message }));
    const body = (await response.json()) as Raw;
    expect(response.status, JSON.stringify(body)).toBe(200);

    if (message.type === "assistant-request") expect(body.assistant, file).toEqual(expect.objectContaining({ name: expect.any(String) }));
    if (message.type === "tool-calls") {
      const results = body.results as { toolCallId: string; result?: string; error?: string }[];
      expect(results.map((r) => r.toolCallId)).toEqual(toolCallIds(message));
      for (const r of results) expect((r.result ?? r.error ?? "").length, `${file} ${r.toolCallId}`).toBeGreaterThan(10);
    }
    if (message.type === "function-call") expect(body.result).toEqual(expect.stringMatching(/\w{3}/));
    await expectStored(message);
  });
});

/** What a message says of its call is in the database (a message without a call names none). */
async function expectStored(message: Message): Promise<void> {
  const acts = ["assistant-request", "status-update", "transcript", "tool-calls", "function-call", "end-of-call-report"].includes(message.type);
  const row = await callRow(message);
  if (!message.call?.id || !acts) return;
  expect(row, `call ${message.call.id}`).toBeDefined();
  const at = vapiTime(message.timestamp);
  if (message.type === "status-update" && message.status === "ended") {
    expect(row?.status).toBe("ended");
    if (at) expect(row?.ended_at).toEqual(at);
  }
  if (message.type === "status-update" && message.status === "in-progress" && at) expect(row?.started_at).toEqual(at);
  if (message.type === "transcript" && message.transcriptType !== "partial") {
    const [line] = await sql<{ spoken_at: Date | null }[]>`select spoken_at from public.call_transcripts where call_id = ${row?.id ?? null} and text = ${String(message.transcript).trim()}`;
    expect(line, "the line").toBeDefined();
    if (at) expect(line?.spoken_at).toEqual(at);
  }
  if (message.type === "end-of-call-report") {
    expect(row?.status).toBe("ended");
    const analysis = (message.analysis ?? {}) as Raw;
    const artifact = (message.artifact ?? {}) as Raw;
    const summary = (analysis.summary ?? message.summary) as string | undefined;
    if (summary) expect(row?.summary).toBe(summary);
    const transcript = (artifact.transcript ?? message.transcript) as string | undefined;
    if (transcript) expect(row?.full_transcript).toBe(transcript);
    const endedAt = vapiTime(message.endedAt);
    if (endedAt) expect(row?.ended_at).toEqual(endedAt);
    else expect(row?.ended_at).not.toBeNull();
    const spoken = ((artifact.messages ?? message.messages ?? []) as { role?: string; message?: string }[]).filter((m) => ["bot", "assistant", "user"].includes(m.role ?? "") && m.message?.trim());
    const [{ lines } = { lines: 0 }] = await sql<{ lines: number }[]>`select count(*)::int as lines from public.call_transcripts where call_id = ${row?.id ?? null}`;
    expect(lines, "transcript lines").toBeGreaterThanOrEqual(Math.min(spoken.length, 1));
  }
}
