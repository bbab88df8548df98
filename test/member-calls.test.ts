import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallDetailsView, CallView } from "../lib/calls/call-view.js";
import type { Page } from "../lib/http/page.js";
import { callMemberApi, errorMessage, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { callApi } from "./support/operator-api.js";
import { insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";
const XSS = "<img src=x onerror=alert(1)>";
let harbor: string;
let bay: string;
let other: string;
let owner: string;
let calls: { early: string; late: string; live: string; nextDay: string; bay: string; other: string };

// The owner of Harbor is staff at Bay too: one member, two businesses, each URL its own.
beforeAll(async () => {
  harbor = (await insertBusiness(sql, { timezone: "America/New_York" })).id;
  bay = (await insertBusiness(sql, { timezone: "America/New_York" })).id;
  other = (await insertBusiness(sql, { timezone: "America/New_York" })).id;
  owner = await insertMember(sql, harbor, "owner");
  await sql`insert into business_members ${sql({ business_id: bay, user_id: owner, role: "staff" })}`;
  // March 2 in New York runs from 05:00Z to 05:00Z the next day.
  calls = {
    early: await insertCallRow(sql, harbor, "2026-03-02T05:30:00Z", { duration_seconds: 60, summary: "Booked a cleaning", booking_made: true }),
    late: await insertCallRow(sql, harbor, "2026-03-03T04:30:00Z", { duration_seconds: 0 }),
    live: await insertCallRow(sql, harbor, "2026-03-02T15:00:00Z", { status: "in-progress" }),
    nextDay: await insertCallRow(sql, harbor, "2026-03-03T05:30:00Z", { duration_seconds: 20 }),
    bay: await insertCallRow(sql, bay, "2026-03-02T15:00:00Z"),
    other: await insertCallRow(sql, other, "2026-03-02T15:00:00Z"),
  };
  await sql`insert into call_transcripts ${sql([
    { call_id: calls.early, business_id: harbor, sequence: 1, role: "user", text: XSS, spoken_at: "2026-03-02T05:30:09Z" },
    { call_id: calls.early, business_id: harbor, sequence: 0, role: "assistant", text: "Harbor Dental, how can I help?", spoken_at: "2026-03-02T05:30:02Z" },
  ])}`;
  await insertBookingRow(sql, harbor, { call_id: calls.early, scheduled_at: "2026-03-04T15:00:00Z", customer_name: XSS });
});
afterAll(async () => {
  await sql`delete from businesses where id in ${sql([harbor, bay, other])}`;
  await sql.end();
});

const list = async (businessId: string, query = "") =>
  callMemberApi<Page<CallView>>("GET", `/api/member/businesses/${businessId}/calls${query}`, { token: await memberToken(owner) });
const show = async (businessId: string, callId: string) =>
  callMemberApi<CallDetailsView>("GET", `/api/member/businesses/${businessId}/calls/${callId}`, { token: await memberToken(owner) });

describe("GET /api/member/businesses/{id}/calls", () => {
  it("pages the business's calls newest first, as the operator API shows them, in one round trip each", async () => {
    const first = await list(harbor, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(first.headers)).toBe(1);
    expect(first.body.items.map((c) => c.id)).toEqual([calls.nextDay, calls.late]);
    const second = await list(harbor, `?limit=2&cursor=${first.body.nextCursor ?? ""}`);
    expect(second.body).toMatchObject({ items: [{ id: calls.live }, { id: calls.early }], nextCursor: null });
    const operator = await callApi<Page<CallView>>("GET", `/api/businesses/${harbor}/calls?limit=4`);
    expect(operator.body.items).toEqual([...first.body.items, ...second.body.items]);
  });

  it("filters by the business's local day and by status", async () => {
    expect((await list(harbor, "?day=2026-03-02")).body.items.map((c) => c.id)).toEqual([calls.late, calls.live, calls.early]);
    expect((await list(harbor, "?day=2026-03-02&status=ended")).body.items.map((c) => c.id)).toEqual([calls.late, calls.early]);
    expect((await list(harbor, "?status=in-progress")).body.items.map((c) => c.id)).toEqual([calls.live]);
    expect((await list(bay)).body.items.map((c) => c.id)).toEqual([calls.bay]);
  });

  it("answers 404 for another business's id, and 400 naming a malformed filter or cursor", async () => {
    expect((await list(other)).status).toBe(404);
    expect((await list(UNKNOWN)).status).toBe(404);
    expect(errorMessage((await list(harbor, "?day=March-2")).body)).toMatch(/^day: must be a date written YYYY-MM-DD/);
    expect(errorMessage((await list(harbor, "?status=done")).body)).toMatch(/^status: /);
    // A cursor of Bay's list (where the member is staff) is no position in Harbor's.
    const foreign = await list(harbor, `?cursor=${Buffer.from(JSON.stringify([`calls:${bay}`, "2026-03-02T15:00:00Z", calls.bay])).toString("base64url")}`);
    expect(foreign.status).toBe(400);
    expect(errorMessage(foreign.body)).toMatch(/^cursor: /);
  });
});

describe("GET /api/member/businesses/{id}/calls/{callId}", () => {
  it("shows the call with its transcript in spoken order and its booking; caller text is data, not markup", async () => {
    const { status, headers, body } = await show(harbor, calls.early);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(headers)).toBe(1);
    expect(body).toMatchObject({ id: calls.early, businessId: harbor, summary: "Booked a cleaning", bookingMade: true });
    expect(body.transcript.map((l) => [l.role, l.text])).toEqual([["assistant", "Harbor Dental, how can I help?"], ["user", XSS]]);
    expect(body.bookings).toMatchObject([{ callId: calls.early, customerName: XSS, start: "2026-03-04T15:00:00.000Z" }]);
  });

  it("answers 404 for a call of another business, also one the member can see under its own business's URL", async () => {
    for (const [businessId, callId] of [[harbor, calls.other], [other, calls.other], [harbor, calls.bay], [bay, calls.early], [harbor, UNKNOWN]] as const) {
      const answer = await show(businessId, callId);
      expect(answer.status, `${businessId} ${callId}`).toBe(404);
      expect(errorMessage(answer.body)).toBe(`call ${callId} not found`);
    }
    expect((await show(bay, calls.bay)).status).toBe(200);
  });

  it("answers 400 naming callId when it is not a uuid", async () => {
    expect((await show(harbor, "42")).body).toMatchObject({ error: { code: "bad_request", message: "callId: must be a uuid" } });
  });
});
