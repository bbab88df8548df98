
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { bookAppointment } from "../lib/calendar/book-appointment.js";
import { cancelCallerBooking, rescheduleCallerBooking } from "../lib/calendar/manage-caller-bookings.js";
import { saveCalcomConnection } from "../lib/connections/save-calcom-connection.js";
import { getDatabase } from "../lib/db/get-database.js";
import { answers } from "./mocks/calcom-answers.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { loadRecordedFixtures } from "./support/recorded-fixtures.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();
const NOW = new Date("2030-07-01T12:00:00Z");
const hours = { mon: [{ open: "09:00", close: "12:00" }] };

async function builtinBusiness(): Promise<string> {
  const { id } = await insertBusiness(sql, { timezone: "America/New_York", business_hours: sql.json(hours), slot_minutes: 30 });
  return id;
}

async function booked(businessId: string, phone: string, start: string): Promise<string> {
  const result = await bookAppointment(await getDatabase(), { businessId, start, name: "Caller", phone, email: "c@example.com" }, NOW);
  if (result.kind !== "booked") throw new Error(`could not book ${start}: ${result.kind}`);
  return result.booking.id;
}

describe("a caller's bookings in the built-in calendar", () => {
  it("finds only the live, upcoming bookings made from the caller's number at that business", async () => {
    const db = await getDatabase();
    const id = await builtinBusiness();
    const other = await builtinBusiness();
    const phone = uniquePhoneNumber();
    const mine = await booked(id, phone, "2030-07-15T09:00");
    await booked(id, uniquePhoneNumber(), "2030-07-15T09:30"); // someone else
    await booked(other, phone, "2030-07-15T09:00"); // same number, other business
    const cancelled = await booked(id, phone, "2030-07-15T10:00");
    await cancelCallerBooking(db, { businessId: id, phone }, cancelled, NOW);
    const result = await db.callerBookings({ businessId: id, phone, from: NOW });
    expect(result?.bookings.map((b) => b.id)).toEqual([mine]);
  });

  it("cancels the caller's booking and frees its time", async () => {
    const db = await getDatabase();
    const id = await builtinBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T09:00");
    expect(await cancelCallerBooking(db, { businessId: id, phone }, bookingId, NOW)).toMatchObject({ kind: "cancelled", booking: { status: "cancelled" } });
    const [row] = await sql`select status, cancelled_at from bookings where id = ${bookingId}`;
    expect(row?.status).toBe("cancelled");
    expect(row?.cancelled_at).not.toBeNull();
    expect(await booked(id, uniquePhoneNumber(), "2030-07-15T09:00")).toBeTruthy();
  });

  it("will not cancel another caller's booking, nor one of another business, even with its id", async () => {
    const db = await getDatabase();
    const id = await builtinBusiness();
    const bookingId = await booked(id, uniquePhoneNumber(), "2030-07-15T09:00");
    expect(await cancelCallerBooking(db, { businessId: id, phone: uniquePhoneNumber() }, bookingId, NOW)).toEqual({ kind: "not_found" });
    const elsewhere = await builtinBusiness();
    expect(await cancelCallerBooking(db, { businessId: elsewhere, phone: uniquePhoneNumber() }, bookingId, NOW)).toEqual({ kind: "not_found" });
    const [row] = await sql`select status from bookings where id = ${bookingId}`;
    expect(row?.status).toBe("confirmed");
  });

  it("moves the caller's booking to a free time, freeing the old one", async () => {
    const db = await getDatabase();
    const id = await builtinBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T09:00");
    const moved = await rescheduleCallerBooking(db, { businessId: id, phone }, bookingId, "2030-07-15T11:00", NOW);
    expect(moved).toMatchObject({ kind: "rescheduled", booking: { id: bookingId } });
    const [row] = await sql<{ scheduled_at: Date; ends_at: Date }[]>`select scheduled_at, ends_at from bookings where id = ${bookingId}`;
    expect([row?.scheduled_at.toISOString(), row?.ends_at.toISOString()]).toEqual(["2030-07-15T15:00:00.000Z", "2030-07-15T15:30:00.000Z"]);
    expect(await booked(id, uniquePhoneNumber(), "2030-07-15T09:00")).toBeTruthy();
  });

  it("offers alternatives instead of moving onto a taken time", async () => {
    const db = await getDatabase();
    const id = await builtinBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T09:00");
    await booked(id, uniquePhoneNumber(), "2030-07-15T10:00");
    const result = await rescheduleCallerBooking(db, { businessId: id, phone }, bookingId, "2030-07-15T10:00", NOW);
    expect(result.kind).toBe("slot_unavailable");
    expect(result.kind === "slot_unavailable" && result.alternatives.map((a) => a.label)).toEqual(["9 AM", "9:30 AM", "10:30 AM"]);
    const [row] = await sql<{ scheduled_at: Date }[]>`select scheduled_at from bookings where id = ${bookingId}`;
    expect(row?.scheduled_at.toISOString()).toBe("2030-07-15T13:00:00.000Z");
  });
});

describe("a caller's bookings in a connected Cal.com calendar", () => {
  async function calcomBusiness(): Promise<string> {
    const { id } = await insertBusiness(sql, { timezone: "America/New_York" });
    await saveCalcomConnection(await getDatabase(), {
      businessId: id,
      authType: "oauth",
      accessToken: `eyJ.access-${randomUUID()}.sig`,
      refreshToken: calcom.issueTokens().refreshToken,
      expiresAt: new Date(Date.now() + 30 * 60_000),
      account: { id: 4242, username: "smile-dental" },
      scope: null,
      eventTypes: [{ id: 101, slug: "cleaning", title: "Teeth cleaning", lengthInMinutes: 30, requiresEmail: true, timeZone: null }],
    });
    return id;
  }

  it("cancels in Cal.com, then here", async () => {
    const db = await getDatabase();
    const id = await calcomBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T10:00");
    const [{ calcom_booking_uid: uid } = { calcom_booking_uid: "" }] = await sql`select calcom_booking_uid from bookings where id = ${bookingId}`;
    expect(await cancelCallerBooking(db, { businessId: id, phone }, bookingId, NOW)).toMatchObject({ kind: "cancelled" });
    const [cancel] = calcom.requestsTo("POST /v2/bookings/{bookingUid}/cancel");
    expect(cancel?.url.pathname).toBe(`/v2/bookings/${uid}/cancel`);
    const [row] = await sql`select status from bookings where id = ${bookingId}`;
    expect(row?.status).toBe("cancelled");
  });

  it("books a recurring event type as its first occurrence, keeps the series, and cancels it as one (recorded live answers)", async () => {
    // test/fixtures/calcom-recorded 021: POST /v2/bookings answered an array of two occurrences;
    // 038: a series cancel answered both, cancelled.
    const recorded = loadRecordedFixtures<{ body: { data: { id: number; uid: string; start: string }[] } }>("calcom-recorded");
    const made = recorded.find((f) => f.file.startsWith("021-"))?.content.body;
    const cancelled = recorded.find((f) => f.file.startsWith("038-"))?.content.body;
    const [first, second] = made?.data ?? [];
    const db = await getDatabase();
    const id = await calcomBusiness();
    const phone = uniquePhoneNumber();
    const before = new Date("2026-09-01T12:00:00Z");
    calcom.answer("POST /v2/bookings", { status: 201, rawBody: JSON.stringify(made), offSpec: "a recorded live answer" });
    const result = await bookAppointment(db, { businessId: id, start: "2026-09-09T13:15", name: "Caller", phone, email: "c@example.com" }, before);
    expect(result).toMatchObject({ kind: "booked", booking: { calcomBookingUid: first?.uid, start: new Date(first?.start ?? "") } });
    const [row] = await sql`select calcom_booking_id::int as id, metadata from bookings where business_id = ${id}`;
    expect(row).toEqual({
      id: first?.id,
      metadata: {
        calcomRecurringBookingUid: "57afb822-b198-4531-ac83-2673f72552e5",
        calcomOccurrences: [first, second].map((o) => ({ id: o?.id, uid: o?.uid, start: o?.start })),
      },
    });

    calcom.answer("POST /v2/bookings/{bookingUid}/cancel", { status: 200, rawBody: JSON.stringify(cancelled), offSpec: "a recorded live answer" });
    const bookingId = result.kind === "booked" ? result.booking.id : "";
    expect(await cancelCallerBooking(db, { businessId: id, phone }, bookingId, before)).toMatchObject({ kind: "cancelled" });
    const [cancel] = calcom.requestsTo("POST /v2/bookings/{bookingUid}/cancel");
    // The series' own uid: Cal.com cancels every occurrence (even after the first has been moved).
    expect(cancel?.url.pathname).toBe("/v2/bookings/57afb822-b198-4531-ac83-2673f72552e5/cancel");
    expect(cancel?.body).toEqual({ cancellationReason: "Cancelled by the caller on the phone" });
    expect((await sql`select status from bookings where id = ${bookingId}`)[0]?.status).toBe("cancelled");
  });

  it("cancels here too when Cal.com confirms the cancel with a booking it does not describe as we expect", async () => {
    const db = await getDatabase();
    const id = await calcomBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T10:00");
    calcom.answer("POST /v2/bookings/{bookingUid}/cancel", { status: 200, rawBody: JSON.stringify({ status: "success", data: { cancelled: true } }), offSpec: "a success we cannot read" });
    expect(await cancelCallerBooking(db, { businessId: id, phone }, bookingId, NOW)).toMatchObject({ kind: "cancelled" });
    expect((await sql`select status from bookings where id = ${bookingId}`)[0]?.status).toBe("cancelled");
  });

  it("cancels here too when Cal.com no longer has the booking", async () => {
    const db = await getDatabase();
    const id = await calcomBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T10:00");
    calcom.answer("POST /v2/bookings/{bookingUid}/cancel", answers.notFound());
    expect(await cancelCallerBooking(db, { businessId: id, phone }, bookingId, NOW)).toMatchObject({ kind: "cancelled" });
    const [row] = await sql`select status from bookings where id = ${bookingId}`;
    expect(row?.status).toBe("cancelled");
  });

  it("reschedules in Cal.com and follows the new booking's uid", async () => {
    const db = await getDatabase();
    const id = await calcomBusiness();
    const phone = uniquePhoneNumber();
    const bookingId = await booked(id, phone, "2030-07-15T10:00");
    const [before] = await sql`select calcom_booking_uid from bookings where id = ${bookingId}`;
    const moved = await rescheduleCallerBooking(db, { businessId: id, phone }, bookingId, "2030-07-15T14:00", NOW);
    expect(moved).toMatchObject({ kind: "rescheduled" });
    expect(calcom.requestsTo("POST /v2/bookings/{bookingUid}/reschedule")[0]?.body).toMatchObject({ start: "2030-07-15T18:00:00.000Z" });
    const [after] = await sql<{ calcom_booking_uid: string; scheduled_at: Date }[]>`select calcom_booking_uid, scheduled_at from bookings where id = ${bookingId}`;
    expect(after?.calcom_booking_uid).not.toBe(before?.calcom_booking_uid);
    expect(after?.scheduled_at.toISOString()).toBe("2030-07-15T18:00:00.000Z");
  });
});
