import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberOverviewView } from "../lib/members/member-overview-view.js";
import { callMemberApi, errorMessage, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
const ZONE = "Europe/Berlin";
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";
let business: string;
let other: string;
let owner: string;
let staff: string;
let stranger: string;

beforeAll(async () => {
  business = (await insertBusiness(sql, { name: "Praxis am Hafen", timezone: ZONE })).id;
  other = (await insertBusiness(sql, { name: "Somebody else's" })).id;
  [owner, staff, stranger] = await Promise.all([insertMember(sql, business, "owner"), insertMember(sql, business, "staff"), insertMember(sql, other, "owner")]);
  const today = DateTime.now().setZone(ZONE).startOf("day");
  await insertCallRow(sql, business, today.plus({ minutes: 5 }).toISO(), { duration_seconds: 90, booking_made: true });
  await insertCallRow(sql, business, today.minus({ days: 2 }).plus({ hours: 9 }).toISO(), { duration_seconds: 0 });
  await insertCallRow(sql, other, today.plus({ minutes: 5 }).toISO(), { duration_seconds: 30 });
});
afterAll(async () => {
  await sql`delete from businesses where id in ${sql([business, other])}`;
  await sql.end();
});

const overview = async (businessId: string, userId: string) =>
  callMemberApi<MemberOverviewView>("GET", `/api/member/businesses/${businessId}/overview`, { token: await memberToken(userId) });

describe("GET /api/member/businesses/{id}/overview", () => {
  it("gives owners and staff the business's figures in its time zone, in one round trip, never to be cached", async () => {
    for (const member of [owner, staff]) {
      const { status, headers, body } = await overview(business, member);
      expect(status).toBe(200);
      expect(headers.get("cache-control")).toBe("no-store");
      expect(roundTripsOf(headers)).toBe(1);
      expect(body.business).toEqual({ id: business, name: "Praxis am Hafen", timezone: ZONE });
      expect(body.today).toEqual({ calls: 1, answered: 1, missed: 0, bookings: 1, conversion: 1, averageDurationSeconds: 90 });
      expect(body.week).toEqual({ calls: 2, answered: 1, missed: 1, bookings: 1, conversion: 1, averageDurationSeconds: 90 });
      expect(body.allTime).toEqual(body.week);
      expect(body.days).toHaveLength(30);
      expect(body.days.at(-1)).toEqual({ day: DateTime.now().setZone(ZONE).toISODate(), calls: 1, answered: 1, missed: 0, bookings: 1 });
    }
  });

  it("answers 404 for another business's id, exactly as for one that does not exist", async () => {
    const forged = await overview(other, owner);
    const unknown = await overview(UNKNOWN, owner);
    expect(forged.status).toBe(404);
    expect(errorMessage(forged.body)).toBe(`business ${other} not found`);
    expect(unknown.status).toBe(404);
    expect((await overview(business, stranger)).status).toBe(404);
  });

  it("answers 400 naming id for an id that is not a uuid, and 401 without a session", async () => {
    const malformed = await callMemberApi("GET", "/api/member/businesses/not-a-uuid/overview", { token: await memberToken(owner) });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: "id: must be a uuid" } } });
    const anonymous = await callMemberApi("GET", `/api/member/businesses/${business}/overview`, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="members"');
  });
});
