import { afterAll, describe, expect, it } from "vitest";
import { GET } from "../api/calcom/availability.js";
import { findAvailability } from "../lib/calendar/find-availability.js";
import { getDatabase } from "../lib/db/get-database.js";
import { operatorRequest } from "./support/operator-request.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const weekdayHours = { mon: [{ open: "09:00", close: "11:00" }, { open: "13:00", close: "14:00" }], sun: [{ open: "01:00", close: "05:00" }] };

async function business(timezone = "America/New_York", hours: object = weekdayHours, slotMinutes = 30): Promise<string> {
  const { id } = await insertBusiness(sql, { timezone, business_hours: sql.json(hours as never), slot_minutes: slotMinutes });
  return id;
}

async function availability(query: string, key?: string | null) {
  const response = await GET(operatorRequest(`/api/calcom/availability?${query}`, { key }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /api/calcom/availability (built-in calendar)", () => {
  it("lists the free slots of a local day with offsets and spoken labels", async () => {
    const id = await business();
    const { status, body } = await availability(`businessId=${id}&date=2030-07-15`);
    expect(status).toBe(200);
    expect(body).toEqual({
      date: "2030-07-15",
      timeZone: "America/New_York",
      slots: [
        { start: "2030-07-15T09:00:00-04:00", end: "2030-07-15T09:30:00-04:00", label: "9 AM" },
        { start: "2030-07-15T09:30:00-04:00", end: "2030-07-15T10:00:00-04:00", label: "9:30 AM" },
        { start: "2030-07-15T10:00:00-04:00", end: "2030-07-15T10:30:00-04:00", label: "10 AM" },
        { start: "2030-07-15T10:30:00-04:00", end: "2030-07-15T11:00:00-04:00", label: "10:30 AM" },
        { start: "2030-07-15T13:00:00-04:00", end: "2030-07-15T13:30:00-04:00", label: "1 PM" },
        { start: "2030-07-15T13:30:00-04:00", end: "2030-07-15T14:00:00-04:00", label: "1:30 PM" },
      ],
    });
  });

  it("leaves out booked time", async () => {
    const id = await business();
    await sql`insert into bookings (business_id, customer_name, scheduled_at, duration_minutes)
              values (${id}, 'Booked', '2030-07-15T13:30:00Z', 60)`; // 9:30–10:30 in New York
    const { body } = await availability(`businessId=${id}&date=2030-07-15`);
    expect((body.slots as { label: string }[]).map((s) => s.label)).toEqual(["9 AM", "10:30 AM", "1 PM", "1:30 PM"]);
  });

  it("ignores cancelled bookings", async () => {
    const id = await business();
    await sql`insert into bookings (business_id, customer_name, scheduled_at, duration_minutes, status, cancelled_at)
              values (${id}, 'Cancelled', '2030-07-15T13:00:00Z', 30, 'cancelled', now())`;
    const { body } = await availability(`businessId=${id}&date=2030-07-15`);
    expect(body.slots).toHaveLength(6);
  });

  it.each([
    ["America/New_York", "2030-03-10", ["1 AM", "1:30 AM", "3 AM", "3:30 AM", "4 AM", "4:30 AM"], "-05:00", "-04:00"],
    ["America/New_York", "2030-11-03", ["1 AM", "1:30 AM", "1 AM", "1:30 AM", "2 AM", "2:30 AM", "3 AM", "3:30 AM", "4 AM", "4:30 AM"], "-04:00", "-05:00"],
  ])("is right on the DST change day in %s on %s", async (zone, date, labels, firstOffset, lastOffset) => {
    const id = await business(zone);
    const { body } = await availability(`businessId=${id}&date=${date}`);
    const slots = body.slots as { start: string; label: string }[];
    expect(slots.map((s) => s.label)).toEqual(labels);
    expect(slots[0]?.start.endsWith(firstOffset)).toBe(true);
    expect(slots.at(-1)?.start.endsWith(lastOffset)).toBe(true);
  });

  it("has no slots on a closed day", async () => {
    const id = await business();
    expect((await availability(`businessId=${id}&date=2030-07-16`)).body).toMatchObject({ slots: [] });
  });

  it("refuses a date in the past, in the business's own calendar", async () => {
    const id = await business();
    const { status, body } = await availability(`businessId=${id}&date=2020-01-06`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "bad_request", message: expect.stringContaining("2020-01-06 is in the past") } });
  });

  it.each([
    ["date=2030-02-30", "date"],
    ["date=15-07-2030", "date"],
    ["", "date"],
  ])("refuses a malformed query (%s) naming the field", async (dateQuery, field) => {
    const id = await business();
    const { status, body } = await availability(`businessId=${id}&${dateQuery}`);
    expect(status).toBe(400);
    expect((body.error as { message: string }).message).toContain(`${field}:`);
  });

  it("refuses a business id that is not a uuid, and answers 404 for an unknown one", async () => {
    expect((await availability("businessId=42&date=2030-07-15")).status).toBe(400);
    expect((await availability("businessId=0b0e4a4e-0000-4000-8000-000000000000&date=2030-07-15")).status).toBe(404);
  });

  it("requires the operator key", async () => {
    const id = await business();
    expect((await availability(`businessId=${id}&date=2030-07-15`, null)).status).toBe(401);
    expect((await availability(`businessId=${id}&date=2030-07-15`, "wrong-key-wrong-key-wrong-key")).status).toBe(401);
  });
});

describe("findAvailability", () => {
  it("drops today's slots that have already begun, judged in the business's zone", async () => {
    const id = await business();
    // 10:05 AM in New York on Monday 2030-07-15: 9, 9:30 and 10 have begun.
    const result = await findAvailability(await getDatabase(), { businessId: id, date: "2030-07-15", now: new Date("2030-07-15T14:05:00Z") });
    expect(result.kind === "ok" && result.slots.map((s) => s.label)).toEqual(["10:30 AM", "1 PM", "1:30 PM"]);
  });

  it("still treats the local today as today when UTC has moved on to tomorrow", async () => {
    const id = await business();
    // 11 PM on Monday 2030-07-15 in New York is already Tuesday in UTC.
    const result = await findAvailability(await getDatabase(), { businessId: id, date: "2030-07-15", now: new Date("2030-07-16T03:00:00Z") });
    expect(result).toMatchObject({ kind: "ok", slots: [] });
  });
});
