import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { BookingView } from "../lib/bookings/booking-view.js";
import type { Page } from "../lib/http/page.js";
import { callApi, errorMessage } from "./support/operator-api.js";
import { insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const list = (businessId: string, query = "") => callApi<Page<BookingView>>("GET", `/api/businesses/${businessId}/bookings${query}`);
const calcomUid = () => `uid-${randomUUID()}`;

async function allIds(businessId: string, query: string, limit = 50): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const answer: Awaited<ReturnType<typeof list>> = await list(businessId, `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(answer.status).toBe(200);
    ids.push(...answer.body.items.map((booking) => booking.id));
    cursor = answer.body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

describe("GET /api/businesses/{id}/bookings", () => {
  it("pages by appointment time through every booking once, ties and microseconds included", async () => {
    const { id } = await insertBusiness(sql);
    const at = (scheduledAt: string) => insertBookingRow(sql, id, { scheduled_at: scheduledAt, calcom_booking_uid: calcomUid() });
    const late = await at("2026-04-02T09:00:00Z");
    const tiedA = await at("2026-04-01T09:00:00Z");
    const tiedB = await at("2026-04-01T09:00:00Z");
    const micro2 = await at("2026-03-31T09:00:00.000002Z");
    const micro1 = await at("2026-03-31T09:00:00.000001Z");
    const expected = [micro1, micro2, ...[tiedA, tiedB].sort(), late];

    expect(await allIds(id, "", 2)).toEqual(expected);
    expect(await allIds(id, "", 1)).toEqual(expected);
    expect(await allIds(id, "")).toEqual(expected);
  });

  it("filters by local days, status, caller and call", async () => {
    const { id } = await insertBusiness(sql, { timezone: "Europe/Berlin" });
    const callId = await insertCallRow(sql, id, "2026-05-01T08:00:00Z");
    const ada = "+4930123456";
    // Berlin is UTC+2 in May: its May 4 starts at 2026-05-03T22:00Z.
    const beforeMay4 = await insertBookingRow(sql, id, { scheduled_at: "2026-05-03T21:30:00Z", customer_phone: ada });
    const may4 = await insertBookingRow(sql, id, { scheduled_at: "2026-05-03T22:00:00Z", call_id: callId });
    const cancelled = await insertBookingRow(sql, id, { scheduled_at: "2026-05-04T12:00:00Z", status: "cancelled", cancelled_at: "2026-05-02T10:00:00Z", customer_phone: ada });
    const may5 = await insertBookingRow(sql, id, { scheduled_at: "2026-05-04T22:00:00Z" });

    expect(await allIds(id, "&from=2026-05-04&to=2026-05-04")).toEqual([may4, cancelled]);
    expect(await allIds(id, "&from=2026-05-05")).toEqual([may5]);
    expect(await allIds(id, "&status=cancelled")).toEqual([cancelled]);
    expect(await allIds(id, `&phone=${encodeURIComponent(ada)}`)).toEqual([beforeMay4, cancelled]);
    expect(await allIds(id, `&phone=${encodeURIComponent(ada)}&status=confirmed`)).toEqual([beforeMay4]);
    expect(await allIds(id, `&callId=${callId}`)).toEqual([may4]);
    const [shown] = (await list(id, `?callId=${callId}`)).body.items;
    expect(shown).toEqual({
      id: may4, businessId: id, callId, calendar: "builtin", calcomBookingUid: null, eventTypeId: null,
      customerName: "Ada Lovelace", customerEmail: null, customerPhone: null,
      start: "2026-05-03T22:00:00.000Z", end: "2026-05-03T22:30:00.000Z", durationMinutes: 30,
      status: "confirmed", notes: null, cancelledAt: null, createdAt: expect.any(String),
    });
  });

  it("lists only this business's bookings: another business's call id finds nothing", async () => {
    const mine = await insertBusiness(sql);
    const theirs = await insertBusiness(sql);
    const theirCall = await insertCallRow(sql, theirs.id, "2026-05-01T08:00:00Z");
    await insertBookingRow(sql, theirs.id, { scheduled_at: "2026-05-03T09:00:00Z", call_id: theirCall, idempotency_key: "their-key" });
    expect(await allIds(mine.id, "")).toEqual([]);
    expect(await allIds(mine.id, `&callId=${theirCall}`)).toEqual([]);
    const theirsListed = await list(theirs.id);
    expect(theirsListed.body.items).toHaveLength(1);
    expect(JSON.stringify(theirsListed.body)).not.toMatch(/their-key|idempotency/);
  });

  it("answers 404 for an unknown business and 400 naming the parameter for bad filters", async () => {
    expect((await list("0b0e4a4e-0000-4000-8000-000000000000")).status).toBe(404);
    const { id } = await insertBusiness(sql);
    for (const [query, parameter] of [["?status=booked", "status"], ["?phone=5551234", "phone"], ["?callId=42", "callId"], ["?from=May", "from"], ["?limit=1000", "limit"]] as const) {
      const answer = await list(id, query);
      expect(answer.status, query).toBe(400);
      expect(errorMessage(answer)).toMatch(new RegExp(`^${parameter}: `));
    }
    expect(errorMessage(await list("0b0e4a4e"))).toBe("id: must be a uuid");
  });
});
