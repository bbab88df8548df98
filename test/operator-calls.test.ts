import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { CallDetailsView, CallView } from "../lib/calls/call-view.js";
import type { Page } from "../lib/http/page.js";
import { callApi, errorMessage } from "./support/operator-api.js";
import { insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const insertCall = (businessId: string, at: string | null, fields: Record<string, unknown> = {}) => insertCallRow(sql, businessId, at, fields);
const insertBooking = (businessId: string, fields: Record<string, unknown>) => insertBookingRow(sql, businessId, fields);

const listCalls = (businessId: string, query = "") => callApi<Page<CallView>>("GET", `/api/businesses/${businessId}/calls${query}`);

async function allPages(businessId: string, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer: Awaited<ReturnType<typeof listCalls>> = await listCalls(businessId, `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(answer.status).toBe(200);
    ids.push(...answer.body.items.map((call) => call.id));
    cursor = answer.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe("GET /api/businesses/{id}/calls", () => {
  it("pages newest first through every call once: ties, microseconds apart, and calls that never started", async () => {
    const { id } = await insertBusiness(sql);
    const byTime = [
      await insertCall(id, "2026-03-01T10:00:00Z"),
      await insertCall(id, "2026-03-02T15:00:00.123456Z"),
      await insertCall(id, "2026-03-02T15:00:00.123457Z"),
      await insertCall(id, "2026-03-02T16:00:00Z"),
      await insertCall(id, "2026-03-02T16:00:00Z"),
      await insertCall(id, null, { status: "queued", created_at: "2026-03-02T17:30:00Z" }),
      await insertCall(id, "2026-03-03T09:00:00Z"),
    ];
    // Same time: the larger id first (the page order's tie-break).
    const tied = byTime.slice(3, 5).sort().reverse();
    const expected = [byTime[6], byTime[5], ...tied, byTime[2], byTime[1], byTime[0]];

    const paged = await allPages(id, "", 2);
    expect(paged.ids).toEqual(expected);
    expect(paged.pages).toBe(4);
    expect((await allPages(id, "", 200)).ids).toEqual(expected);
  });

  it("filters by the business's local days, by instants and by status", async () => {
    const { id } = await insertBusiness(sql, { timezone: "America/New_York" });
    const lateMarch1 = await insertCall(id, "2026-03-02T04:59:00Z");
    const earlyMarch2 = await insertCall(id, "2026-03-02T05:00:00Z");
    const lateMarch2 = await insertCall(id, "2026-03-03T04:59:00Z", { status: "forwarding" });
    const earlyMarch3 = await insertCall(id, "2026-03-03T05:00:00Z");
    // March 8 is 23 hours long in New York (clocks spring forward).
    const lateMarch8 = await insertCall(id, "2026-03-09T03:59:00Z");
    const earlyMarch9 = await insertCall(id, "2026-03-09T04:00:00Z");

    const ids = async (query: string) => (await allPages(id, query, 50)).ids;
    expect(await ids("&from=2026-03-02&to=2026-03-02")).toEqual([lateMarch2, earlyMarch2]);
    expect(await ids("&from=2026-03-08&to=2026-03-08")).toEqual([lateMarch8]);
    expect(await ids("&to=2026-03-01")).toEqual([lateMarch1]);
    expect(await ids("&from=2026-03-09")).toEqual([earlyMarch9]);
    expect(await ids(`&from=${encodeURIComponent("2026-03-02T00:00:00-05:00")}&to=2026-03-03T05:00:00Z`)).toEqual([lateMarch2, earlyMarch2]);
    expect(await ids("&status=forwarding")).toEqual([lateMarch2]);
    expect(await ids("&from=2026-03-03&status=ended")).toEqual([earlyMarch9, lateMarch8, earlyMarch3]);
  });

  it("shows each call with its bookings and only this business's calls", async () => {
    const mine = await insertBusiness(sql);
    const theirs = await insertBusiness(sql);
    const callId = await insertCall(mine.id, "2026-03-02T15:00:00Z", { customer_number: "+15551230000", summary: "Booked a cleaning", booking_made: true });
    await insertCall(theirs.id, "2026-03-02T15:00:00Z");
    const bookingId = await insertBooking(mine.id, { call_id: callId, scheduled_at: "2026-03-05T14:00:00Z", customer_phone: "+15551230000", idempotency_key: "tool-call-secretive-key" });

    const answer = await listCalls(mine.id);
    expect(answer.body.items).toEqual([
      expect.objectContaining({
        id: callId,
        businessId: mine.id,
        customerNumber: "+15551230000",
        summary: "Booked a cleaning",
        bookingMade: true,
        startedAt: "2026-03-02T15:00:00.000Z",
        bookings: [expect.objectContaining({ id: bookingId, calendar: "builtin", start: "2026-03-05T14:00:00.000Z", end: "2026-03-05T14:30:00.000Z" })],
      }),
    ]);
    expect(JSON.stringify(answer.body)).not.toContain("tool-call-secretive-key");
  });

  it("answers 404 for an unknown business and 400 naming the parameter for bad filters", async () => {
    expect((await listCalls("0b0e4a4e-0000-4000-8000-000000000000")).status).toBe(404);
    const { id } = await insertBusiness(sql);
    for (const [query, parameter] of [["?status=hung-up", "status"], ["?from=yesterday", "from"], ["?to=2026-02-30", "to"], ["?limit=-1", "limit"], ["?cursor=x", "cursor"]] as const) {
      const answer = await listCalls(id, query);
      expect(answer.status, query).toBe(400);
      expect(errorMessage(answer)).toMatch(new RegExp(`^${parameter}: `));
    }
    expect(errorMessage(await listCalls("nope"))).toBe("id: must be a uuid");
  });
});

describe("GET /api/calls/{id}", () => {
  it("shows the call with its transcript lines in the order spoken and its bookings", async () => {
    const { id } = await insertBusiness(sql);
    const callId = await insertCall(id, "2026-03-02T15:00:00Z", { full_transcript: "AI: Hello\nUser: Hi", duration_seconds: 62.5, ended_reason: "customer-ended-call" });
    const line = (sequence: number, text: string, spokenAt: string | null, role = "user") =>
      sql`insert into call_transcripts ${sql({ call_id: callId, business_id: id, sequence, role, text, spoken_at: spokenAt })}`;
    // Arrival order (sequence) differs from the order spoken.
    await line(0, "I'd like a cleaning on Thursday.", "2026-03-02T15:00:05Z");
    await line(1, "Thanks for calling, how can I help?", "2026-03-02T15:00:01Z", "assistant");
    await line(2, "Bye!", null);
    const first = await insertBooking(id, { call_id: callId, scheduled_at: "2026-03-05T14:00:00Z", status: "cancelled" });
    const second = await insertBooking(id, { call_id: callId, scheduled_at: "2026-03-05T15:00:00Z", calcom_booking_uid: `uid-${randomUUID()}`, event_type_id: 501 });
    await insertBooking(id, { scheduled_at: "2026-03-05T16:00:00Z" });

    const answer = await callApi<CallDetailsView>("GET", `/api/calls/${callId}`);
    expect(answer.status).toBe(200);
    expect(answer.body.transcript.map((l) => [l.sequence, l.role, l.text])).toEqual([
      [1, "assistant", "Thanks for calling, how can I help?"],
      [0, "user", "I'd like a cleaning on Thursday."],
      [2, "user", "Bye!"],
    ]);
    expect(answer.body.transcript[0]?.spokenAt).toBe("2026-03-02T15:00:01.000Z");
    expect(answer.body.bookings.map((b) => [b.id, b.status, b.calendar])).toEqual([
      [first, "cancelled", "builtin"],
      [second, "confirmed", "calcom"],
    ]);
    expect(answer.body).toMatchObject({ id: callId, businessId: id, fullTranscript: "AI: Hello\nUser: Hi", durationSeconds: 62.5, endedReason: "customer-ended-call" });
  });

  it("answers 404 for an unknown call and 400 naming id for one that is not a uuid", async () => {
    expect((await callApi("GET", "/api/calls/0b0e4a4e-0000-4000-8000-000000000000")).status).toBe(404);
    const malformed = await callApi("GET", "/api/calls/123");
    expect(malformed.status).toBe(400);
    expect(errorMessage(malformed)).toBe("id: must be a uuid");
  });
});
