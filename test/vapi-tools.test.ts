import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { resolveSpokenDate } from "../lib/scheduling/spoken-date.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { toolCalls } from "./fixtures/vapi/tool-calls.js";
import { insertBusiness, testSql } from "./support/test-db.js";
import { vapiRequest } from "./support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

/** A business and a call on its line, started by assistant-request as VAPI would. */
async function liveCall() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { name: "Harbor Dental", vapi_phone_number_id: phoneNumberId, timezone: "America/New_York", business_hours: sql.json(everyDay), slot_minutes: 60 });
  const line = { callId: randomUUID(), phoneNumberId, number: business.phone_number };
  await POST(vapiRequest(assistantRequest(line)));
  return { ...line, businessId: business.id };
}

type Result = { toolCallId: string; name: string; result?: string; error?: string };
async function tools(line: { callId: string; phoneNumberId: string; number: string }, calls: { id: string; name: string; args: Record<string, unknown> | string }[]) {
  const response = await POST(vapiRequest(toolCalls({ ...line, calls })));
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Result[] }).results;
}

describe("checkAvailability", () => {
  it("says a few free times of the day, in the business's zone", async () => {
    const line = await liveCall();
    const [answer] = await tools(line, [{ id: "c1", name: "checkAvailability", args: { date: "2030-07-15" } }]);
    expect(answer?.result).toBe("On Monday, July 15, 2030 I have 9 AM, 11 AM, 2 PM or 4 PM. Which time suits you? (For booking: 2030-07-15T09:00, 2030-07-15T11:00, 2030-07-15T14:00, 2030-07-15T16:00.)");
  });

  it("honours a time-of-day preference and reads arguments sent as a JSON string", async () => {
    const line = await liveCall();
    const [answer] = await tools(line, [{ id: "c1", name: "checkAvailability", args: JSON.stringify({ date: "2030-07-15", timePreference: "afternoon" }) }]);
    expect(answer?.result).toContain("I have 12 PM, 1 PM, 3 PM or 4 PM");
  });

  it("is right on a DST change day and says plainly when a day is closed", async () => {
    const phoneNumberId = `pn-${randomUUID()}`;
    const business = await insertBusiness(sql, {
      vapi_phone_number_id: phoneNumberId,
      timezone: "America/New_York",
      business_hours: sql.json({ sun: [{ open: "01:00", close: "04:00" }] }),
      slot_minutes: 60,
    });
    const line = { callId: randomUUID(), phoneNumberId, number: business.phone_number };
    await POST(vapiRequest(assistantRequest(line)));
    // Sunday 2030-03-10: clocks jump from 2 to 3 AM, so 1–4 AM holds two hours.
    const [dst] = await tools(line, [{ id: "d", name: "checkAvailability", args: { date: "2030-03-10" } }]);
    expect(dst?.result).toBe("On Sunday, March 10, 2030 I have 1 AM or 3 AM. Which time suits you? (For booking: 2030-03-10T01:00, 2030-03-10T03:00.)");
    const [closed] = await tools(line, [{ id: "c", name: "checkAvailability", args: { date: "2030-03-11" } }]);
    expect(closed?.result).toBe("Sorry, there is nothing free on Monday, March 11, 2030. Would another day work?");
  });

  it("answers a past day and an unreadable day plainly", async () => {
    const line = await liveCall();
    const results = await tools(line, [
      { id: "p", name: "checkAvailability", args: { date: "2020-01-06" } },
      { id: "u", name: "checkAvailability", args: { date: "the day after the concert" } },
    ]);
    expect(results.map((r) => r.result)).toEqual([
      "That day has already passed. Which upcoming day would suit you?",
      "Sorry, I didn't catch the day. Which day would you like?",
    ]);
  });
});

describe("createBooking", () => {
  it("books with the caller's number and answers the same when the tool call is delivered twice", async () => {
    const line = await liveCall();
    const call = { id: "book-1", name: "createBooking", args: { name: "Ada Lovelace", dateTime: "2030-07-15T10:00" } };
    const first = await tools(line, [call]);
    const second = await tools(line, [call]);
    expect(first[0]?.result).toBe("You're booked for Monday, July 15, 2030 at 10 AM, Ada Lovelace. Is there anything else I can help with?");
    expect(second).toEqual(first);
    const rows = await sql`select customer_phone, call_id from bookings where business_id = ${line.businessId}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.customer_phone).toBe("+15559871234");
    const [callRow] = await sql`select id from calls where vapi_call_id = ${line.callId}`;
    expect(rows[0]?.call_id).toBe(callRow?.id);
  });

  it("lets one of two racing callers book a slot and offers the other alternatives", async () => {
    const a = await liveCall();
    const b = { ...a, callId: randomUUID() };
    await POST(vapiRequest(assistantRequest(b)));
    const [first, second] = await Promise.all([
      tools(a, [{ id: "race-a", name: "createBooking", args: { name: "Racer A", dateTime: "2030-07-15T12:00" } }]),
      tools(b, [{ id: "race-b", name: "createBooking", args: { name: "Racer B", dateTime: "2030-07-15T12:00" } }]),
    ]);
    const answers = [first[0]?.result ?? "", second[0]?.result ?? ""];
    expect(answers.filter((r) => r.startsWith("You're booked"))).toHaveLength(1);
    expect(answers.filter((r) => r.startsWith("That time isn't available. I can offer"))).toHaveLength(1);
    expect(await sql`select 1 from bookings where business_id = ${a.businessId}`).toHaveLength(1);
  });

  it("takes the tenant from the verified call: a call id of business A on B's line books nothing", async () => {
    const a = await liveCall();
    const b = await liveCall();
    const [answer] = await tools({ callId: a.callId, phoneNumberId: b.phoneNumberId, number: b.number }, [
      { id: "x-1", name: "createBooking", args: { name: "Mallory", dateTime: "2030-07-15T09:00" } },
    ]);
    expect(answer?.result).toContain("I can't reach the calendar right now");
    expect(await sql`select 1 from bookings where business_id in ${sql([a.businessId, b.businessId])}`).toHaveLength(0);
    // A's call is untouched and still A's.
    const [call] = await sql`select business_id from calls where vapi_call_id = ${a.callId}`;
    expect(call?.business_id).toBe(a.businessId);
  });

  it("works when the tool call is the first message we hear of the call", async () => {
    const line = await liveCall();
    const unseen = { ...line, callId: randomUUID() };
    const [answer] = await tools(unseen, [{ id: "first", name: "checkAvailability", args: { date: "2030-07-15" } }]);
    expect(answer?.result).toMatch(/^On Monday, July 15, 2030 I have/);
    const [call] = await sql`select status from calls where vapi_call_id = ${unseen.callId}`;
    expect(call?.status).toBe("in-progress");
  });

  it("keeps the booking on the caller's own number when they give another one, noting it", async () => {
    const line = await liveCall();
    await tools(line, [{ id: "p-1", name: "createBooking", args: { name: "Ada", dateTime: "2030-07-15T13:00", phone: "+15550009999" } }]);
    const [row] = await sql`select customer_phone, notes from bookings where business_id = ${line.businessId}`;
    expect(row).toEqual({ customer_phone: "+15559871234", notes: "Contact number given: +15550009999" });
  });

  it("asks for a name and time when they are missing", async () => {
    const line = await liveCall();
    const [answer] = await tools(line, [{ id: "m", name: "createBooking", args: { dateTime: "2030-07-15T09:00" } }]);
    expect(answer?.result).toBe("To book, I need your name and the time you'd like.");
  });
});

describe("dates as callers say them, in the business's zone", () => {
  it("resolves today and tomorrow near midnight by the business's clock, not UTC's", () => {
    // 11:30 PM on Monday 2030-07-15 in New York is already Tuesday in UTC.
    const now = new Date("2030-07-16T03:30:00Z");
    expect(resolveSpokenDate("today", "America/New_York", now)).toBe("2030-07-15");
    expect(resolveSpokenDate("Tomorrow.", "America/New_York", now)).toBe("2030-07-16");
    expect(resolveSpokenDate("today", "Europe/Berlin", now)).toBe("2030-07-16");
  });

  it("takes a weekday as the next one after today", () => {
    const monday = new Date("2030-07-15T15:00:00Z");
    expect(resolveSpokenDate("wednesday", "America/New_York", monday)).toBe("2030-07-17");
    expect(resolveSpokenDate("next monday", "America/New_York", monday)).toBe("2030-07-22");
  });
});

describe("a caller's own appointments", () => {
  it("finds, moves and cancels them by caller ID, and only theirs", async () => {
    const line = await liveCall();
    await tools(line, [{ id: "b-1", name: "createBooking", args: { name: "Ada", dateTime: "2030-07-15T10:00" } }]);
    const [found] = await tools(line, [{ id: "f-1", name: "findBooking", args: {} }]);
    expect(found?.result).toBe("You have an appointment on Monday, July 15, 2030 at 10 AM.");

    const [moved] = await tools(line, [{ id: "r-1", name: "rescheduleBooking", args: { newDateTime: "2030-07-15T15:00" } }]);
    expect(moved?.result).toBe("Done: your appointment is now on Monday, July 15, 2030 at 3 PM.");

    // Another caller at the same business sees none of it.
    const stranger = { ...line, callId: randomUUID() };
    await POST(vapiRequest(assistantRequest({ ...stranger, caller: "+15550001111" })));
    const [none] = await tools(stranger, [{ id: "f-2", name: "findBooking", args: {} }]);
    expect(none?.result).toBe("I don't see any upcoming appointment booked from this number.");

    const [cancelled] = await tools(line, [{ id: "c-1", name: "cancelBooking", args: {} }]);
    expect(cancelled?.result).toBe("Your appointment on Monday, July 15, 2030 at 3 PM is cancelled.");
    const [row] = await sql`select status from bookings where business_id = ${line.businessId}`;
    expect(row?.status).toBe("cancelled");
  });

  it("never cancels another appointment than the one named, and cancels once when the tool call repeats", async () => {
    const line = await liveCall();
    await tools(line, [{ id: "b-a", name: "createBooking", args: { name: "Ada", dateTime: "2030-07-15T10:00" } }]);
    await tools(line, [{ id: "b-b", name: "createBooking", args: { name: "Ada", dateTime: "2030-07-16T10:00" } }]);
    const [mismatch] = await tools(line, [{ id: "x-0", name: "cancelBooking", args: { bookingDateTime: "2030-07-17T15:00" } }]);
    expect(mismatch?.result).toContain("Which one do you mean?");
    const cancel = { id: "x-1", name: "cancelBooking", args: { bookingDateTime: "2030-07-15T10:00" } };
    const first = await tools(line, [cancel]);
    const again = await tools(line, [cancel]);
    expect(first[0]?.result).toBe("Your appointment on Monday, July 15, 2030 at 10 AM is cancelled.");
    expect(again).toEqual(first);
    const rows = await sql`select status from bookings where business_id = ${line.businessId} order by scheduled_at`;
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "confirmed"]);
  });

  it("answers the legacy function-call message with {result}, booking once when delivered twice", async () => {
    const line = await liveCall();
    const legacy = {
      message: {
        type: "function-call",
        functionCall: { name: "createBooking", parameters: { name: "Grace", dateTime: "2030-07-15T11:00" } },
        call: { id: line.callId, phoneNumberId: line.phoneNumberId, customer: { number: "+15559871234" } },
        phoneNumber: { id: line.phoneNumberId, number: line.number },
      },
    };
    const first = await (await POST(vapiRequest(legacy))).json();
    const second = await (await POST(vapiRequest(legacy))).json();
    expect(first).toEqual({ result: expect.stringContaining("You're booked for Monday, July 15, 2030 at 11 AM") });
    expect(second).toEqual(first);
    expect(await sql`select 1 from bookings where business_id = ${line.businessId}`).toHaveLength(1);
  });
});

describe("a redelivered tool call that was refused the first time", () => {
  it("hears the same refusal and acts on nothing, even when the time has come free meanwhile", async () => {
    const line = await liveCall();
    const [held] = await tools(line, [{ id: "first", name: "createBooking", args: { name: "First", dateTime: "2030-07-15T10:00" } }]);
    expect(held?.result).toContain("You're booked");
    const refused = { id: "second", name: "createBooking", args: { name: "Second", dateTime: "2030-07-15T10:00" } };
    const [no] = await tools(line, [refused]);
    expect(no?.result).toMatch(/^That time isn't available/);
    await sql`update bookings set status = 'cancelled' where business_id = ${line.businessId}`;
    const [again] = await tools(line, [refused]);
    expect(again?.result).toBe(no?.result);
    expect(await sql`select customer_name from bookings where business_id = ${line.businessId} and status = 'confirmed'`).toEqual([]);
  });

  it("a move refused for a taken time is not made later by the same tool call", async () => {
    const line = await liveCall();
    await tools(line, [{ id: "mine", name: "createBooking", args: { name: "Mine", dateTime: "2030-07-15T10:00" } }]);
    const other = await insertBusinessCaller(line, "2030-07-15T13:00");
    const move = { id: "move", name: "rescheduleBooking", args: { newDateTime: "2030-07-15T13:00" } };
    const [no] = await tools(line, [move]);
    expect(no?.result).toMatch(/^That time isn't available/);
    await sql`update bookings set status = 'cancelled' where id = ${other}`;
    const [again] = await tools(line, [move]);
    expect(again?.result).toBe(no?.result);
    const rows = await sql`select scheduled_at from bookings where business_id = ${line.businessId} and status = 'confirmed'`;
    expect(rows).toEqual([{ scheduled_at: new Date("2030-07-15T14:00:00Z") }]);
  });
});

/** A built-in booking of another caller at a local New York time. */
async function insertBusinessCaller(line: { businessId: string }, local: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into bookings (business_id, customer_name, customer_phone, scheduled_at, duration_minutes, status)
    values (${line.businessId}, 'Someone else', '+15550001111', (${local}::timestamp at time zone 'America/New_York'), 60, 'confirmed')
    returning id`;
  return row?.id ?? "";
}
