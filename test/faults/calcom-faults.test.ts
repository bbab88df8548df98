// Cal.com lives on a local port nobody listens on, so "down" can be a real refused connection (msw
// lets those requests through); a short tool budget keeps the slow case quick. Both are read by
// lib/env.ts on first use, so they are set before anything imports it.
import { freePort } from "../support/free-port.js";

process.env.CALCOM_API_URL = `http://127.0.0.1:${await freePort()}`;
process.env.VAPI_TOOL_BUDGET_MS = "1500";

import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { http, passthrough } from "msw";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../../api/vapi-webhook.js";
import { CALENDAR_FALLBACK } from "../../lib/vapi/tools/tool-context.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { answers, type CalcomAnswer } from "../mocks/calcom-answers.js";
import { defaultBehaviour } from "../mocks/calcom-behaviour.js";
import { CALCOM_OPERATIONS, installCalcomFake, type CalcomOperation, type Responder } from "../mocks/calcom.js";
import { server } from "../support/msw-server.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { connectToCalcomFake } from "../support/calcom-connection.js";
import { vapiRequest } from "../support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

/** A Cal.com-connected business (the fake's account) and a call on its line, started by assistant-request. */
async function calcomCall() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone: "America/New_York" });
  await connectToCalcomFake(calcom, business.id);
  const line = { callId: randomUUID(), phoneNumberId, number: business.phone_number };
  expect((await POST(vapiRequest(assistantRequest(line)))).status).toBe(200);
  return { ...line, businessId: business.id };
}

/** Cal.com does what the operation asks (a booking is made), then its answer is replaced by `answer`. */
const doneBut = (operation: CalcomOperation, answer: (done: CalcomAnswer) => CalcomAnswer): Responder => (request, state) => {
  const behaviour = defaultBehaviour[operation];
  if (!behaviour) throw new Error(`no default behaviour for ${operation}`);
  return answer(behaviour(state, request));
};

/** Every Cal.com request goes out to the network, where nothing listens: connection refused. */
function calcomDown() {
  server.use(http.all(`${process.env.CALCOM_API_URL}/*`, () => passthrough()));
}

const SLOW_MS = 8_000;

type Fault = { name: string; apply: (operation: CalcomOperation) => void };
const FAULTS: Fault[] = [
  // Overloaded: every request hangs past the deadline, then fails.
  { name: "slow past the tool deadline", apply: () => CALCOM_OPERATIONS.forEach((op) => calcom.answer(op, answers.slow(SLOW_MS, answers.serverError()))) },
  { name: "down (connection refused)", apply: () => calcomDown() },
  { name: "rate limiting (429)", apply: (operation) => calcom.answer(operation, answers.rateLimited({ "retry-after": "30" })) },
  { name: "failing (500)", apply: (operation) => calcom.answer(operation, answers.serverError()) },
  { name: "answering malformed JSON", apply: (operation) => calcom.answer(operation, answers.malformedJson()) },
];

const TOOLS = [
  { tool: "checkAvailability", operation: "GET /v2/slots", args: { date: "2030-07-15" } },
  { tool: "createBooking", operation: "POST /v2/bookings", args: { name: "Grace Hopper", email: "grace@example.com", dateTime: "2030-07-15T10:00" } },
] as const;

describe.each(TOOLS)("$tool when Cal.com fails", ({ tool, operation, args }) => {
  it.each(FAULTS)("gives the caller the spoken fallback when Cal.com is $name, books nothing and notes it on the call", async (fault) => {
    const call = await calcomCall();
    fault.apply(operation);
    const toolCallId = `tc-${randomUUID()}`;

    const started = performance.now();
    const response = await POST(vapiRequest(toolCalls({ ...call, calls: [{ id: toolCallId, name: tool, args }] })));
    const elapsedMs = performance.now() - started;

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [{ toolCallId, name: tool, result: CALENDAR_FALLBACK }] });
    // The caller was answered before Cal.com's late answer would have come (budget 1.5 s).
    expect(elapsedMs).toBeLessThan(SLOW_MS - 2_000);
    // Nothing half-written: no booking row here…
    expect(await sql`select id from bookings where business_id = ${call.businessId}`).toHaveLength(0);
    // …and none left alive at Cal.com (a booking Cal.com made but could not tell us about in time
    // is found and cancelled, or recorded; it is never left behind unrecorded).
    const live = [...calcom.state.bookings.values()].filter((b) => b.status !== "cancelled");
    expect(live).toEqual([]);
    const [row] = await sql`select metadata from calls where vapi_call_id = ${call.callId}`;
    expect(row?.metadata).toMatchObject({ calendarFallback: { tool, count: 1 } });
  });
});

describe("createBooking when Cal.com books but its answer is lost", () => {
  const BOOK = { name: "Grace Hopper", email: "grace@example.com", dateTime: "2030-07-15T10:00" };
  const LOST: { name: string; answer: (done: CalcomAnswer) => CalcomAnswer }[] = [
    // Regression: the booking request used to run to the very deadline, leaving no time to look,
    // so the caller heard the fallback while Cal.com kept a booking nobody had recorded.
    { name: "confirms only after the tool deadline", answer: (done) => ("networkError" in done ? done : { ...done, delayMs: SLOW_MS }) },
    { name: "answers 500 after booking", answer: () => answers.serverError() },
    { name: "answers malformed JSON after booking", answer: () => answers.malformedJson(201) },
  ];

  it.each(LOST)("finds and records the booking when Cal.com $name, and tells the caller they are booked", async ({ answer }) => {
    const call = await calcomCall();
    calcom.answer("POST /v2/bookings", doneBut("POST /v2/bookings", answer));
    const response = await POST(vapiRequest(toolCalls({ ...call, calls: [{ id: `tc-${randomUUID()}`, name: "createBooking", args: BOOK }] })));

    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { result: string }[] };
    expect(results[0]?.result).toBe("You're booked for Monday, July 15, 2030 at 10 AM, Grace Hopper. Is there anything else I can help with?");
    const made = [...calcom.state.bookings.values()];
    expect(made).toHaveLength(1);
    const rows = await sql`select calcom_booking_uid, status from bookings where business_id = ${call.businessId}`;
    expect(rows).toEqual([{ calcom_booking_uid: made[0]?.uid, status: "confirmed" }]);
  });
});
