// A caller's own appointments (findBooking, cancelBooking, rescheduleBooking) on a business whose
// calendar is Cal.com, through the signed webhook. The tool budget is short enough for the slow case
// to stay quick, long enough for a shared machine to answer the others in time.
process.env.VAPI_TOOL_BUDGET_MS = "3000";

import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { answers, type CalcomAnswer } from "./mocks/calcom-answers.js";
import { CLEANING, tokensFixture } from "./mocks/calcom-fixtures.js";
import { installCalcomFake, type CalcomOperation } from "./mocks/calcom.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { toolCalls } from "./fixtures/vapi/tool-calls.js";
import { insertBusiness, testSql } from "./support/test-db.js";
import { connectToCalcomFake } from "./support/calcom-connection.js";
import { vapiRequest } from "./support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

const BUDGET_MS = 3_000;
/** The caller ID of the tool-calls fixture (and of assistant-request unless told otherwise). */
const CALLER = "+15559871234";
const FALLBACK = "I can't reach the calendar right now. I'll take your name and number, and the team will call you back to book.";
const CANCEL = "POST /v2/bookings/{bookingUid}/cancel";
const RESCHEDULE = "POST /v2/bookings/{bookingUid}/reschedule";

interface Business {
  businessId: string;
  phoneNumberId: string;
  number: string;
  accessToken: string;
}
interface Line {
  callId: string;
  phoneNumberId: string;
  number: string;
  businessId: string;
}

/** A business connected to Cal.com (OAuth, token valid for 30 minutes; cleaning needs an email). */
async function calcomBusiness(timezone = "America/New_York"): Promise<Business> {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone });
  const { accessToken } = await connectToCalcomFake(calcom, business.id, { requiresEmail: true });
  return { businessId: business.id, phoneNumberId, number: business.phone_number, accessToken };
}

/** A call on the business's line, started by assistant-request as VAPI would. */
async function callOn(business: Business, caller = CALLER): Promise<Line> {
  const line = { callId: randomUUID(), phoneNumberId: business.phoneNumberId, number: business.number };
  await POST(vapiRequest(assistantRequest({ ...line, caller })));
  return { ...line, businessId: business.businessId };
}

/** One tool call through the signed webhook; what the assistant is told to say. */
async function tool(line: Omit<Line, "businessId">, name: string, args: Record<string, unknown>, id = `t-${randomUUID()}`): Promise<string> {
  const response = await POST(vapiRequest(toolCalls({ ...line, calls: [{ id, name, args }] })));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: { toolCallId: string; result?: string }[] };
  expect(body.results.map((r) => r.toolCallId)).toEqual([id]);
  return body.results[0]?.result ?? "";
}

/** Books through createBooking on the call (so in Cal.com, then here); the row's id and Cal.com uid. */
async function booked(line: Line, dateTime: string, name = "Ada Lovelace"): Promise<{ id: string; uid: string }> {
  expect(await tool(line, "createBooking", { name, dateTime, email: "ada@example.com" })).toMatch(/^You're booked for /);
  const [row] = await sql<{ id: string; calcom_booking_uid: string | null }[]>`
    select k.id, k.calcom_booking_uid from bookings k join businesses b on b.id = k.business_id
    where k.business_id = ${line.businessId} and k.scheduled_at = (${dateTime}::timestamp at time zone b.timezone)`;
  if (!row?.calcom_booking_uid) throw new Error(`no Cal.com booking recorded at ${dateTime}`);
  return { id: row.id, uid: row.calcom_booking_uid };
}

type Row = { status: string; calcom_booking_uid: string | null; scheduled_at: Date; ends_at: Date; cancelled_at: Date | null };
async function row(id: string): Promise<Row> {
  const [found] = await sql<Row[]>`select status, calcom_booking_uid, scheduled_at, ends_at, cancelled_at from bookings where id = ${id}`;
  if (!found) throw new Error(`booking ${id} is gone`);
  return found;
}

async function callMetadata(line: Line): Promise<Record<string, unknown>> {
  const [call] = await sql<{ metadata: Record<string, unknown> }[]>`select metadata from calls where vapi_call_id = ${line.callId}`;
  return call?.metadata ?? {};
}

/** The Cal.com requests made from now on (to one operation, or all). */
function watchCalcom() {
  const from = calcom.requests.length;
  return (operation?: CalcomOperation) => calcom.requests.slice(from).filter((r) => operation === undefined || r.operation === operation);
}

const failures: { what: string; answer: () => CalcomAnswer }[] = [
  { what: "answers 500", answer: () => answers.serverError() },
  { what: "answers only after the caller's deadline", answer: () => answers.slow(BUDGET_MS * 2, answers.serverError()) },
  { what: "cannot be reached", answer: () => answers.networkError() },
];

describe("findBooking on a Cal.com calendar", () => {
  it("lists the caller's Cal.com bookings made through us, not another caller's nor another business's", async () => {
    const a = await calcomBusiness();
    const b = await calcomBusiness();
    const mine = await callOn(a);
    await booked(mine, "2030-07-15T10:00");
    await booked(mine, "2030-07-16T10:00");
    const other = await callOn(a, "+15550001111");
    await booked(other, "2030-07-15T11:00", "Grace Hopper");
    const elsewhere = await callOn(b);
    await booked(elsewhere, "2030-07-15T09:00");
    expect(await sql`select 1 from bookings where business_id in ${sql([a.businessId, b.businessId])} and calcom_booking_uid is not null`).toHaveLength(4);
    const calls = watchCalcom();

    expect(await tool(mine, "findBooking", {})).toBe("You have appointments on Monday, July 15, 2030 at 10 AM and Tuesday, July 16, 2030 at 10 AM.");
    expect(await tool(other, "findBooking", {})).toBe("You have an appointment on Monday, July 15, 2030 at 11 AM.");
    expect(await tool(elsewhere, "findBooking", {})).toBe("You have an appointment on Monday, July 15, 2030 at 9 AM.");
    const stranger = await callOn(a, "+15550002222");
    expect(await tool(stranger, "findBooking", {})).toBe("I don't see any upcoming appointment booked from this number.");
    // Looking changes nothing in Cal.com.
    expect(calls(CANCEL)).toHaveLength(0);
    expect(calls(RESCHEDULE)).toHaveLength(0);
  });
});

describe("cancelBooking on a Cal.com calendar", () => {
  it("cancels in Cal.com once, for the booking's uid and with the business's token, then here", async () => {
    const business = await calcomBusiness();
    const line = await callOn(business);
    const booking = await booked(line, "2030-07-15T10:00");
    const calls = watchCalcom();

    expect(await tool(line, "cancelBooking", {})).toBe("Your appointment on Monday, July 15, 2030 at 10 AM is cancelled.");
    const cancels = calls(CANCEL);
    expect(cancels.map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/cancel`]);
    expect(cancels[0]?.headers.get("authorization")).toBe(`Bearer ${business.accessToken}`);
    expect(calcom.state.bookings.get(booking.uid)?.status).toBe("cancelled");
    const after = await row(booking.id);
    expect(after.status).toBe("cancelled");
    expect(after.cancelled_at).not.toBeNull();
    expect(await tool(line, "findBooking", {})).toBe("I don't see any upcoming appointment booked from this number.");
  });

  it("answers a redelivered cancel the same and does not ask Cal.com again", async () => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const calls = watchCalcom();
    const first = await tool(line, "cancelBooking", {}, "cancel-once");
    const again = await tool(line, "cancelBooking", {}, "cancel-once");
    expect(first).toBe("Your appointment on Monday, July 15, 2030 at 10 AM is cancelled.");
    expect(again).toBe(first);
    expect(calls(CANCEL).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/cancel`]);
    expect((await row(booking.id)).status).toBe("cancelled");
  });

  it("cancels here too when Cal.com says the booking is gone", async () => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const calls = watchCalcom();
    calcom.answer(CANCEL, answers.notFound(`Booking with uid=${booking.uid} was not found in the database`));
    expect(await tool(line, "cancelBooking", {})).toBe("Your appointment on Monday, July 15, 2030 at 10 AM is cancelled.");
    expect(calls(CANCEL)).toHaveLength(1);
    expect((await row(booking.id)).status).toBe("cancelled");
    expect(await callMetadata(line)).not.toHaveProperty("calendarFallback");
  });

  it.each(failures)("gives the fallback and keeps the booking when Cal.com $what, noting it on the call", async ({ answer }) => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const before = await row(booking.id);
    const calls = watchCalcom();
    calcom.answer(CANCEL, answer());
    const started = Date.now();
    expect(await tool(line, "cancelBooking", {})).toBe(FALLBACK);
    expect(Date.now() - started).toBeLessThan(BUDGET_MS + 1_500);
    // A cancel is a write: sent once, never retried.
    expect(calls(CANCEL).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/cancel`]);
    expect(await row(booking.id)).toEqual(before);
    expect(before.status).toBe("confirmed");
    expect(await callMetadata(line)).toMatchObject({ calendarFallback: { tool: "cancelBooking", count: 1 } });
  });

  it("refreshes an expired access token exactly once, then cancels with the new one", async () => {
    const business = await calcomBusiness();
    const line = await callOn(business);
    const booking = await booked(line, "2030-07-15T10:00");
    // Time passes: the access token has expired (the refresh token is still live).
    await sql`update calcom_credentials set access_token_expires_at = now() - interval '1 minute' where business_id = ${business.businessId}`;
    const calls = watchCalcom();

    expect(await tool(line, "cancelBooking", {})).toBe("Your appointment on Monday, July 15, 2030 at 10 AM is cancelled.");
    expect(calls().map((r) => r.operation)).toEqual(["POST /v2/auth/oauth2/token", CANCEL]);
    expect(calls("POST /v2/auth/oauth2/token")[0]?.body).toMatchObject({ grant_type: "refresh_token" });
    const cancel = calls(CANCEL)[0];
    expect(cancel?.url.pathname).toBe(`/v2/bookings/${booking.uid}/cancel`);
    expect(cancel?.headers.get("authorization")).toBe(`Bearer ${String(tokensFixture(calcom.state.tokenSerial).access_token)}`);
    expect(cancel?.headers.get("authorization")).not.toBe(`Bearer ${business.accessToken}`);
    expect((await row(booking.id)).status).toBe("cancelled");
    const [stored] = await sql`select access_token_expires_at > now() + interval '20 minutes' as fresh from calcom_credentials where business_id = ${business.businessId}`;
    expect(stored?.fresh).toBe(true);
  });
});

describe("rescheduleBooking on a Cal.com calendar", () => {
  it("moves the booking in Cal.com, follows the new uid and time, and says the business's local time", async () => {
    // Chicago: an hour behind the Cal.com host (New York), five behind UTC.
    const business = await calcomBusiness("America/Chicago");
    const line = await callOn(business);
    const booking = await booked(line, "2030-07-15T09:00");
    const calls = watchCalcom();

    expect(await tool(line, "rescheduleBooking", { newDateTime: "2030-07-15T13:00" })).toBe("Done: your appointment is now on Monday, July 15, 2030 at 1 PM.");
    const moves = calls(RESCHEDULE);
    expect(moves.map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/reschedule`]);
    expect(moves[0]?.body).toMatchObject({ start: "2030-07-15T18:00:00.000Z" });
    expect(moves[0]?.headers.get("authorization")).toBe(`Bearer ${business.accessToken}`);
    const made = [...calcom.state.bookings.values()].find((b) => b.rescheduledFromUid === booking.uid);
    expect(made?.uid).toBeDefined();
    const after = await row(booking.id);
    expect(after.calcom_booking_uid).toBe(made?.uid);
    expect([after.scheduled_at.toISOString(), after.ends_at.toISOString()]).toEqual(["2030-07-15T18:00:00.000Z", "2030-07-15T18:30:00.000Z"]);
    expect(after.status).toBe("confirmed");
    expect(await tool(line, "findBooking", {})).toBe("You have an appointment on Monday, July 15, 2030 at 1 PM.");
  });

  it("offers the nearest times Cal.com has free when the new time is taken there, and leaves the booking as it was", async () => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const before = await row(booking.id);
    // Booked directly in Cal.com by someone else: 1:30 and 2 PM in New York.
    for (const [n, start] of [[1, "2030-07-15T17:30:00Z"], [2, "2030-07-15T18:00:00Z"]] as const) {
      const uid = `walkin-${n}-${randomUUID()}`;
      calcom.state.bookings.set(uid, { id: 9000 + n, uid, eventType: CLEANING, start: new Date(start), attendee: { name: "Walk-in", email: "walkin@example.com", timeZone: "America/New_York" } });
    }
    const calls = watchCalcom();

    expect(await tool(line, "rescheduleBooking", { newDateTime: "2030-07-15T14:00" })).toBe(
      "That time isn't available. I can offer 1 PM, 2:30 PM or 3 PM instead. (For booking: 2030-07-15T13:00, 2030-07-15T14:30, 2030-07-15T15:00.)",
    );
    expect(calls(RESCHEDULE).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/reschedule`]);
    expect(calls("GET /v2/slots").map((r) => r.url.searchParams.get("eventTypeId"))).toEqual(["101"]);
    expect(await row(booking.id)).toEqual(before);
    expect(calcom.state.bookings.get(booking.uid)?.status ?? "accepted").toBe("accepted");
  });

  it.each(failures)("gives the fallback and leaves the booking as it was when Cal.com $what", async ({ answer }) => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const before = await row(booking.id);
    const calls = watchCalcom();
    calcom.answer(RESCHEDULE, answer());
    const started = Date.now();
    expect(await tool(line, "rescheduleBooking", { newDateTime: "2030-07-15T14:00" })).toBe(FALLBACK);
    expect(Date.now() - started).toBeLessThan(BUDGET_MS + 1_500);
    expect(calls(RESCHEDULE).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/reschedule`]);
    expect(await row(booking.id)).toEqual(before);
    expect(await callMetadata(line)).toMatchObject({ calendarFallback: { tool: "rescheduleBooking", count: 1 } });
  });

  it("answers a redelivered reschedule the same with a single Cal.com request", async () => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    const calls = watchCalcom();
    const move = { newDateTime: "2030-07-15T15:00" };
    const first = await tool(line, "rescheduleBooking", move, "move-once");
    const again = await tool(line, "rescheduleBooking", move, "move-once");
    expect(first).toBe("Done: your appointment is now on Monday, July 15, 2030 at 3 PM.");
    expect(again).toBe(first);
    expect(calls(RESCHEDULE).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${booking.uid}/reschedule`]);
    expect((await row(booking.id)).scheduled_at.toISOString()).toBe("2030-07-15T19:00:00.000Z");
  });

  it("cancels the booking Cal.com made in its place after a move, not the old one", async () => {
    const line = await callOn(await calcomBusiness());
    const booking = await booked(line, "2030-07-15T10:00");
    expect(await tool(line, "rescheduleBooking", { newDateTime: "2030-07-15T15:00" })).toMatch(/^Done: /);
    const moved = await row(booking.id);
    expect(moved.calcom_booking_uid).not.toBe(booking.uid);
    const calls = watchCalcom();
    expect(await tool(line, "cancelBooking", {})).toBe("Your appointment on Monday, July 15, 2030 at 3 PM is cancelled.");
    expect(calls(CANCEL).map((r) => r.url.pathname)).toEqual([`/v2/bookings/${moved.calcom_booking_uid}/cancel`]);
    expect((await row(booking.id)).status).toBe("cancelled");
  });
});

describe("tenants on a Cal.com calendar", () => {
  it("a tool call on business A's call never touches business B's Cal.com booking of the same caller", async () => {
    const a = await calcomBusiness();
    const b = await calcomBusiness();
    const onA = await callOn(a);
    const onB = await callOn(b);
    const ours = await booked(onA, "2030-07-15T10:00");
    const theirs = await booked(onB, "2030-07-15T09:00");
    const theirsBefore = await row(theirs.id);
    const calls = watchCalcom();

    // Naming B's time on A's call finds nothing of B's to act on.
    const onlyOurs = "You have an appointment on Monday, July 15, 2030 at 10 AM. Which one do you mean?";
    expect(await tool(onA, "cancelBooking", { bookingDateTime: "2030-07-15T09:00" })).toBe(onlyOurs);
    expect(await tool(onA, "rescheduleBooking", { bookingDateTime: "2030-07-15T09:00", newDateTime: "2030-07-15T13:00" })).toBe(onlyOurs);
    expect(calls()).toHaveLength(0);

    expect(await tool(onA, "rescheduleBooking", { newDateTime: "2030-07-15T13:00" })).toBe("Done: your appointment is now on Monday, July 15, 2030 at 1 PM.");
    expect(await tool(onA, "cancelBooking", {})).toBe("Your appointment on Monday, July 15, 2030 at 1 PM is cancelled.");
    expect(calls().map((r) => r.operation)).toEqual([RESCHEDULE, CANCEL]);
    expect(calls().filter((r) => r.url.pathname.includes(theirs.uid))).toEqual([]);
    expect(calls().map((r) => r.headers.get("authorization"))).toEqual([`Bearer ${a.accessToken}`, `Bearer ${a.accessToken}`]);
    expect(calls(RESCHEDULE)[0]?.url.pathname).toBe(`/v2/bookings/${ours.uid}/reschedule`);
    expect(await row(theirs.id)).toEqual(theirsBefore);
    expect(calcom.state.bookings.get(theirs.uid)?.status ?? "accepted").toBe("accepted");
  });

  it("a call id of business A presented on B's line acts on neither business's Cal.com booking", async () => {
    const a = await calcomBusiness();
    const b = await calcomBusiness();
    const onA = await callOn(a);
    const ours = await booked(onA, "2030-07-15T10:00");
    const theirs = await booked(await callOn(b), "2030-07-15T09:00");
    const before = [await row(ours.id), await row(theirs.id)];
    const calls = watchCalcom();
    const forged = { callId: onA.callId, phoneNumberId: b.phoneNumberId, number: b.number };

    expect(await tool(forged, "cancelBooking", {})).toBe(FALLBACK);
    expect(await tool(forged, "rescheduleBooking", { newDateTime: "2030-07-15T13:00" })).toBe(FALLBACK);
    expect(await tool(forged, "findBooking", {})).toBe(FALLBACK);
    expect(calls()).toHaveLength(0);
    expect([await row(ours.id), await row(theirs.id)]).toEqual(before);
  });
});
