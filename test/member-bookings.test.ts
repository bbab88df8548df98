import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BookingView } from "../lib/bookings/booking-view.js";
import type { Page } from "../lib/http/page.js";
import { callMemberApi, errorMessage, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
let business: string;
let other: string;
let staff: string;
const ids: Record<string, string> = {};
let callId: string;
const fromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

beforeAll(async () => {
  business = (await insertBusiness(sql)).id;
  other = (await insertBusiness(sql)).id;
  staff = await insertMember(sql, business, "staff");
  callId = await insertCallRow(sql, business, fromNow(-60), { booking_made: true, duration_seconds: 80 });
  ids.inTwoDays = await insertBookingRow(sql, business, { scheduled_at: fromNow(2 * 1440), call_id: callId });
  ids.tomorrow = await insertBookingRow(sql, business, { scheduled_at: fromNow(1440), status: "cancelled", cancelled_at: fromNow(-5) });
  // Started ten minutes ago and lasts thirty: still going, so still upcoming.
  ids.inProgress = await insertBookingRow(sql, business, { scheduled_at: fromNow(-10), duration_minutes: 30 });
  ids.yesterday = await insertBookingRow(sql, business, { scheduled_at: fromNow(-1440) });
  ids.lastWeek = await insertBookingRow(sql, business, { scheduled_at: fromNow(-7 * 1440) });
  ids.lastMonth = await insertBookingRow(sql, business, { scheduled_at: fromNow(-30 * 1440) });
  await insertBookingRow(sql, other, { scheduled_at: fromNow(1440) });
});
afterAll(async () => {
  await sql`delete from businesses where id in ${sql([business, other])}`;
  await sql.end();
});

const list = async (businessId: string, query = "") =>
  callMemberApi<Page<BookingView>>("GET", `/api/member/businesses/${businessId}/bookings${query}`, { token: await memberToken(staff) });

describe("GET /api/member/businesses/{id}/bookings", () => {
  it("lists upcoming bookings soonest first (the one in progress included), each naming its call", async () => {
    const { status, headers, body } = await list(business);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(headers)).toBe(1);
    expect(body.items.map((b) => b.id)).toEqual([ids.inProgress, ids.tomorrow, ids.inTwoDays]);
    expect(body.items.map((b) => [b.status, b.callId])).toEqual([["confirmed", null], ["cancelled", null], ["confirmed", callId]]);
    expect((await list(business, "?when=upcoming")).body).toEqual(body);
  });

  it("lists past bookings latest first, a page at a time", async () => {
    const first = await list(business, "?when=past&limit=2");
    expect(first.body.items.map((b) => b.id)).toEqual([ids.yesterday, ids.lastWeek]);
    const rest = await list(business, `?when=past&limit=2&cursor=${first.body.nextCursor ?? ""}`);
    expect(rest.body).toEqual({ items: [expect.objectContaining({ id: ids.lastMonth })], nextCursor: null });
  });

  it("refuses a cursor of the other list, and an unknown `when`, naming the parameter (400)", async () => {
    const upcoming = await list(business, "?limit=1");
    const crossed = await list(business, `?when=past&cursor=${upcoming.body.nextCursor ?? ""}`);
    expect(crossed.status).toBe(400);
    expect(errorMessage(crossed.body)).toMatch(/^cursor: /);
    const when = await list(business, "?when=soon");
    expect(when.status).toBe(400);
    expect(errorMessage(when.body)).toMatch(/^when: /);
  });

  it("answers 404 for another business's id", async () => {
    const forged = await list(other);
    expect(forged.status).toBe(404);
    expect(errorMessage(forged.body)).toBe(`business ${other} not found`);
  });
});
