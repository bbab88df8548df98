import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../api/vapi-webhook.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { endOfCallReport } from "../fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "../fixtures/vapi/status-update.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { transcriptLine } from "../fixtures/vapi/transcript.js";
import { brokenInvariants, tenantSnapshot } from "../support/db-invariants.js";
import { FUZZ_SEED, fuzzRuns, invalidUtf8, junk, mutate, mutation, nastyString, spliceBytes } from "../support/fuzz.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { VAPI_SECRET, vapiRequest } from "../support/vapi-request.js";

// Random and mutated VAPI messages, correctly signed, on business A's line. Business B has calls,
// transcripts and a booking; the messages reuse B's call ids, caller number and business id, and
// none of that may change a row of B.
const sql = testSql();
afterAll(() => sql.end());

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));
const B_CALLER = "+15557770000";

type Line = { businessId: string; phoneNumberId: string; number: string };
async function newLine(name: string): Promise<Line> {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { name, vapi_phone_number_id: phoneNumberId, timezone: "America/New_York", business_hours: sql.json(everyDay), slot_minutes: 30 });
  return { businessId: business.id, phoneNumberId, number: business.phone_number };
}

async function send(payload: unknown) {
  const response = await POST(vapiRequest(payload));
  return { status: response.status, body: (await response.json()) as unknown };
}

let A: Line;
let B: Line;
const A_CALL_IDS = Array.from({ length: 4 }, () => randomUUID());
const B_CALL_IDS = [randomUUID(), randomUUID()];
let bBefore: Record<string, string>;

beforeAll(async () => {
  A = await newLine("Harbor Dental");
  B = await newLine("Other Tenant Salon");
  // B: one finished call that booked, one still in progress.
  const [done, live] = B_CALL_IDS as [string, string];
  const t0 = Date.now() - 10 * 60_000;
  const bLine = { phoneNumberId: B.phoneNumberId, number: B.number, caller: B_CALLER };
  for (const payload of [
    assistantRequest({ ...bLine, callId: done }),
    statusUpdate({ ...bLine, callId: done, status: "in-progress", timestamp: t0 }),
    transcriptLine({ ...bLine, callId: done, role: "user", text: "I'd like a haircut on Monday.", timestamp: t0 + 2_000 }),
    toolCalls({ ...bLine, callId: done, calls: [{ id: `b-${randomUUID()}`, name: "createBooking", args: { name: "Bea Tenant", dateTime: "2030-07-15T10:00" } }] }),
    statusUpdate({ ...bLine, callId: done, status: "ended", endedReason: "customer-ended-call", timestamp: t0 + 60_000 }),
    endOfCallReport({ ...bLine, callId: done, startedAt: new Date(t0).toISOString(), endedAt: new Date(t0 + 60_000).toISOString() }),
    assistantRequest({ ...bLine, callId: live }),
    transcriptLine({ ...bLine, callId: live, role: "assistant", text: "Thanks for calling.", timestamp: t0 + 120_000 }),
  ]) {
    // The fixture's tool-call customer is fixed; B's calls come from B_CALLER.
    const message = (payload as { message: Record<string, unknown> }).message;
    message.customer = { number: B_CALLER };
    expect((await send(payload)).status).toBe(200);
  }
  const [booked] = await sql`select count(*)::int as n from bookings where business_id = ${B.businessId} and customer_phone = ${B_CALLER}`;
  expect(booked).toEqual({ n: 1 });
  bBefore = await tenantSnapshot(sql, B.businessId);
});

// ---- what the fuzzer sends -------------------------------------------------------------------

const callId = fc.oneof(
  { arbitrary: fc.constantFrom(...A_CALL_IDS), weight: 5 },
  { arbitrary: fc.constantFrom(...B_CALL_IDS), weight: 2 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: nastyString, weight: 1 },
);
const caller = fc.constantFrom("+15559871234", "+15550001111", B_CALLER, "anonymous");
const timestamp = fc.oneof(fc.integer({ min: -3_600_000, max: 600_000 }).map((offset) => Date.now() + offset), fc.constantFrom(0, 1, 8.64e15, -8.64e15));
const localTime = fc
  .record({ day: fc.integer({ min: 15, max: 19 }), hour: fc.integer({ min: 8, max: 17 }), half: fc.boolean() })
  .map(({ day, hour, half }) => `2030-07-${day}T${String(hour).padStart(2, "0")}:${half ? "30" : "00"}`);
const isoInstant = fc.oneof(
  fc.integer({ min: -7_200_000, max: 0 }).map((offset) => new Date(Date.now() + offset).toISOString()),
  fc.constantFrom("1970-01-01T00:00:00Z", "2999-01-01T00:00:00.000Z", "not a date"),
);
/** A plausible value most of the time, junk otherwise. */
const orJunk = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: junk, weight: 1 });

const toolArgs = fc.record(
  {
    date: orJunk(fc.constantFrom("2030-07-15", "2030-07-16", "tomorrow", "friday", "today", "2020-01-01")),
    timePreference: orJunk(fc.constantFrom("morning", "afternoon", "evening", "any")),
    name: orJunk(fc.oneof(fc.constantFrom("Ada Lovelace", "Grace Hopper"), nastyString)),
    dateTime: orJunk(localTime),
    phone: orJunk(fc.constantFrom("+15550002222", B_CALLER)),
    email: orJunk(fc.constantFrom("ada@example.com", "not-an-email")),
    notes: orJunk(nastyString),
    newDateTime: orJunk(localTime),
    bookingDateTime: orJunk(localTime),
    // Tenant ids in the arguments must be ignored: the tenant is the call's line.
    businessId: fc.constantFrom("B"),
  },
  { requiredKeys: [] },
);
const toolCall = fc.record({
  id: fc.oneof(fc.uuid(), fc.constantFrom("dup-1", "dup-2"), nastyString),
  name: fc.constantFrom("checkAvailability", "createBooking", "findBooking", "cancelBooking", "rescheduleBooking", "transferCall", ""),
  args: fc.oneof(
    { arbitrary: toolArgs, weight: 3 },
    { arbitrary: toolArgs.map((args) => JSON.stringify(args)), weight: 1 },
    { arbitrary: fc.constantFrom('{"date": "2030-07-', "{", "null", "[1,2]", '"text"', "undefined"), weight: 1 },
  ),
});

/** One message on A's line, before mutation. */
const baseMessage = fc.oneof(
  fc.record({ callId, caller, timestamp }).map((f) => assistantRequest({ ...f, phoneNumberId: A.phoneNumberId, number: A.number })),
  fc
    .record({ callId, caller, timestamp, status: fc.constantFrom("queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "bogus"), endedReason: fc.option(nastyString, { nil: undefined }) })
    .map((f) => statusUpdate({ ...f, phoneNumberId: A.phoneNumberId, number: A.number })),
  fc
    .record({
      callId,
      timestamp,
      role: fc.constantFrom("user" as const, "assistant" as const),
      text: fc.oneof(fc.constantFrom("Hello", "I need a cleaning"), nastyString),
      transcriptType: fc.constantFrom("final" as const, "partial" as const),
      type: fc.constantFrom("transcript", 'transcript[transcriptType="final"]'),
    })
    .map((f) => transcriptLine({ ...f, phoneNumberId: A.phoneNumberId, number: A.number })),
  fc.record({ callId, caller, calls: fc.array(toolCall, { minLength: 1, maxLength: 3 }) }).map((f) => {
    const payload = toolCalls({ ...f, phoneNumberId: A.phoneNumberId, number: A.number, calls: f.calls.map((c) => ({ ...c, args: withTenant(c.args) })) });
    payload.message.customer = { number: f.caller };
    payload.message.call.customer = { number: f.caller };
    return payload;
  }),
  fc
    .record({ callId, startedAt: isoInstant, endedAt: isoInstant, intent: fc.option(nastyString, { nil: undefined }), sentiment: fc.option(nastyString, { nil: undefined }) })
    .map((f) => endOfCallReport({ ...f, phoneNumberId: A.phoneNumberId, number: A.number })),
  fc.record({ type: nastyString, callId }).map((f) => ({ message: { type: f.type, call: { id: f.callId, phoneNumberId: A.phoneNumberId }, phoneNumber: { id: A.phoneNumberId, number: A.number } } })),
);

function withTenant(args: Record<string, unknown> | string): Record<string, unknown> | string {
  return typeof args === "object" && args.businessId === "B" ? { ...args, businessId: B.businessId } : args;
}

/** A message, then up to three changes to it: fields of the wrong type, missing, huge, nested junk. */
const message = fc.tuple(baseMessage, fc.array(mutation, { maxLength: 3 })).map(([payload, changes]) => mutate(payload, changes));

// ---- what must hold ---------------------------------------------------------------------------

const seen = new Map<number, number>();

/** The answer to an authentic message: never a 5xx; a 400 says what was wrong; a tool call is
 *  answered for each call in the message that has an id (one without cannot be answered). */
function checkAnswer(payload: unknown, answer: { status: number; body: unknown }) {
  seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
  expect([200, 400], `status ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`).toContain(answer.status);
  if (answer.status === 400) {
    expect(answer.body).toMatchObject({ error: { code: "bad_request", message: expect.stringMatching(/\S/) } });
    return;
  }
  const sent = (payload as { message?: { type?: unknown; toolCallList?: unknown[] } }).message;
  if (sent?.type === "tool-calls") {
    const results = (answer.body as { results: { toolCallId: unknown; result?: unknown; error?: unknown }[] }).results;
    const answerable = (sent.toolCallList ?? []).filter((call) => {
      const id = (call as { id?: unknown } | null)?.id;
      return typeof id === "string" && id.length >= 1 && id.length <= 200;
    });
    expect(results.map((r) => r.toolCallId)).toEqual(answerable.map((call) => (call as { id: string }).id));
    for (const result of results) expect(String(result.result ?? result.error)).toMatch(/^[^\n]+$/);
  }
}

describe("POST /api/vapi-webhook under fuzzed messages (fast-check, seeded)", () => {
  it("never answers 500 and never changes another business's rows", async () => {
    console.info(`vapi-webhook fuzz: seed ${FUZZ_SEED}`);
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), async (messages) => {
        for (const payload of messages) checkAnswer(payload, await send(payload));
        expect(await tenantSnapshot(sql, B.businessId)).toEqual(bBefore);
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(500), endOnFailure: true },
    );
    console.info(`vapi-webhook fuzz: answers by status ${JSON.stringify(Object.fromEntries(seen))}`);
    const broken = await brokenInvariants(sql, [A.businessId, B.businessId]);
    expect(Object.values(broken).flat(), JSON.stringify(broken)).toEqual([]);
  });

  it("refuses a body that is not UTF-8 with 400, however it is authenticated, and stores nothing", async () => {
    await fc.assert(
      fc.asyncProperty(invalidUtf8, fc.constantFrom("secret", "hmac"), async (bytes, auth) => {
        const callId = randomUUID();
        const json = JSON.stringify(transcriptLine({ callId, phoneNumberId: A.phoneNumberId, number: A.number, role: "user", text: "Caf@@", timestamp: Date.now() }));
        const body = spliceBytes(json, "@@", bytes);
        const answer = await POST(rawRequest(body, auth));
        expect(answer.status).toBe(400);
        expect(await answer.json()).toEqual({ error: { code: "bad_request", message: "request body is not valid UTF-8" } });
        expect(await sql`select 1 from calls where vapi_call_id = ${callId}`).toHaveLength(0);
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(30) },
    );
  });
});

/** A webhook request whose body is raw bytes, authenticated by header or by an HMAC over those bytes. */
function rawRequest(body: Buffer<ArrayBuffer>, auth: "secret" | "hmac"): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth === "secret") headers["x-vapi-secret"] = VAPI_SECRET;
  else {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers["x-timestamp"] = timestamp;
    headers["x-signature"] = createHmac("sha256", VAPI_SECRET).update(Buffer.concat([Buffer.from(`${timestamp}.`), body])).digest("hex");
  }
  return new Request("https://receptionist.example/api/vapi-webhook", { method: "POST", headers, body });
}
