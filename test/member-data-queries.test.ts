import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "../lib/db/database.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { createRpcTransport } from "../lib/db/rpc-transport.js";
import { server } from "./support/msw-server.js";
import { fakeAccessToken, fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { insertAuthUser, insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

// Every read and write of the owner dashboard over both transports, as the member: the answers
// come from row-level security, so the functions are called with other businesses' ids too.

const SUPABASE_URL = "https://test-project.supabase.co";
const ZONE = "America/New_York";
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";
const sql = testSql();

let owner: string;
let staff: string;
let stranger: string;
let harbor: string;
let other: string;
let otherCall: string;
/** The local day `back` days before today, where the business is. */
const localDay = (back: number) => DateTime.now().setZone(ZONE).startOf("day").minus({ days: back });
/** One in the morning of that day, as an instant: inside the day whenever the test runs. */
const atDay = (back: number, minutes = 0) => localDay(back).plus({ hours: 1, minutes }).toUTC().toISO() ?? "";

const calls: Record<string, string> = {};

beforeAll(async () => {
  [owner, staff, stranger] = await Promise.all([insertAuthUser(sql), insertAuthUser(sql), insertAuthUser(sql)]);
  harbor = (await insertBusiness(sql, { name: "Harbor Dental", timezone: ZONE, greeting: "Hello from Harbor" })).id;
  other = (await insertBusiness(sql, { name: "Not theirs", timezone: ZONE })).id;
  await sql`insert into business_members ${sql([
    { business_id: harbor, user_id: owner, role: "owner" },
    { business_id: harbor, user_id: staff, role: "staff" },
    { business_id: other, user_id: stranger, role: "owner" },
  ])}`;
  // Today: two answered (one booked), one missed, one still going; 3 days ago an answered,
  // booked one; 10 days ago a missed one; 40 days ago an answered one (all time only).
  calls.bookedToday = await insertCallRow(sql, harbor, atDay(0, 1), { duration_seconds: 60, booking_made: true });
  calls.answeredToday = await insertCallRow(sql, harbor, atDay(0, 2), { duration_seconds: 120 });
  calls.missedToday = await insertCallRow(sql, harbor, atDay(0, 3), { duration_seconds: 0 });
  calls.liveToday = await insertCallRow(sql, harbor, atDay(0, 4), { status: "in-progress" });
  calls.threeDaysAgo = await insertCallRow(sql, harbor, atDay(3), { duration_seconds: 30, booking_made: true });
  calls.tenDaysAgo = await insertCallRow(sql, harbor, atDay(10), { duration_seconds: 0 });
  calls.fortyDaysAgo = await insertCallRow(sql, harbor, atDay(40), { duration_seconds: 300 });
  otherCall = await insertCallRow(sql, other, atDay(0), { duration_seconds: 45 });
  await sql`insert into call_transcripts ${sql([
    { call_id: calls.bookedToday, business_id: harbor, sequence: 0, role: "assistant", text: "Harbor Dental, how can I help?", spoken_at: atDay(0, 1) },
    { call_id: calls.bookedToday, business_id: harbor, sequence: 1, role: "user", text: "<img src=x onerror=alert(1)>", spoken_at: atDay(0, 1.5) },
  ])}`;
  await insertBookingRow(sql, harbor, { call_id: calls.bookedToday, scheduled_at: DateTime.now().plus({ days: 2 }).toISO() });
  await insertBookingRow(sql, harbor, { call_id: calls.threeDaysAgo, scheduled_at: DateTime.now().plus({ days: 1 }).toISO() });
  await insertBookingRow(sql, harbor, { scheduled_at: DateTime.now().minus({ days: 2 }).toISO() });
  await insertBookingRow(sql, harbor, { scheduled_at: DateTime.now().minus({ days: 1 }).toISO() });
  await insertBookingRow(sql, other, { call_id: otherCall, scheduled_at: DateTime.now().plus({ days: 1 }).toISO() });
  await sql`insert into calcom_event_types ${sql([
    { business_id: harbor, event_type_id: 11, slug: "cleaning", title: "Cleaning", length_minutes: 30 },
    { business_id: harbor, event_type_id: 12, slug: "checkup", title: "Check-up", length_minutes: 45 },
    { business_id: other, event_type_id: 99, slug: "theirs", title: "Theirs", length_minutes: 15 },
  ])}`;
  await sql`update businesses set calcom_status = 'connected', calcom_default_event_type_id = 11 where id = ${harbor}`;
  await sql`insert into calcom_credentials ${sql({
    business_id: harbor, auth_type: "oauth", access_token_encrypted: "sealed-access", refresh_token_encrypted: "sealed-refresh", key_id: "k1",
    calcom_user_id: 4242, calcom_username: "harbor-dental", calcom_email: "desk@harbor.example", calcom_name: "Harbor Dental",
  })}`;
});

afterAll(async () => {
  await sql`delete from businesses where id in ${sql([harbor, other])}`;
  await sql.end();
});

const transports = [
  { name: "direct Postgres", open: () => createDirectTransport(inject("databaseUrl")) },
  { name: "supabase-js rpc", open: () => createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")) },
];

describe.each(transports)("the owner dashboard's queries over $name, as the member", ({ open }) => {
  const db: Database = createDatabase(open());
  beforeEach(() => server.use(postgrestRpcHandler(SUPABASE_URL, sql)));
  afterAll(() => db.close());
  const as = (userId: string) => db.asMember({ userId, accessToken: fakeAccessToken(userId) });

  it("counts today, the last 7 local days and all time, and 30 zero-filled days ending today", async () => {
    const overview = await as(staff).overview(harbor);
    expect(overview?.business).toEqual({ id: harbor, name: "Harbor Dental", timezone: ZONE });
    expect(overview?.today).toEqual({ calls: 4, answered: 2, missed: 1, bookings: 1, conversion: 0.5, averageDurationSeconds: 90 });
    expect(overview?.week).toEqual({ calls: 5, answered: 3, missed: 1, bookings: 2, conversion: 0.667, averageDurationSeconds: 70 });
    expect(overview?.allTime).toEqual({ calls: 7, answered: 4, missed: 2, bookings: 2, conversion: 0.5, averageDurationSeconds: 127.5 });
    const days = overview?.days ?? [];
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, i) => localDay(29 - i).toISODate()));
    const counted = days.filter((d) => d.calls > 0);
    expect(counted).toEqual([
      { day: localDay(10).toISODate(), calls: 1, answered: 0, missed: 1, bookings: 0 },
      { day: localDay(3).toISODate(), calls: 1, answered: 1, missed: 0, bookings: 1 },
      { day: localDay(0).toISODate(), calls: 4, answered: 2, missed: 1, bookings: 1 },
    ]);
  });

  it("answers for the member's own business only: another business's id is null, as an unknown one is", async () => {
    const empty = await as(stranger).overview(other);
    expect(empty?.allTime).toEqual({ calls: 1, answered: 1, missed: 0, bookings: 0, conversion: 0, averageDurationSeconds: 45 });
    expect(await as(owner).overview(other)).toBeNull();
    expect(await as(owner).overview(UNKNOWN)).toBeNull();
  });

  it("pages the business's calls newest first, filtered by local day and status", async () => {
    const first = await as(owner).listCalls(harbor, { limit: 2 });
    expect(first?.map((c) => c.id)).toEqual([calls.liveToday, calls.missedToday, calls.answeredToday]);
    const today = localDay(0).toISODate() ?? "";
    const ended = await as(owner).listCalls(harbor, { from: today, to: today, status: "ended", limit: 10 });
    expect(ended?.map((c) => c.id)).toEqual([calls.missedToday, calls.answeredToday, calls.bookedToday]);
    const last = first?.at(1);
    const next = await as(owner).listCalls(harbor, { limit: 2, after: last && { at: last.at, id: last.id } });
    expect(next?.map((c) => c.id)).toEqual([calls.answeredToday, calls.bookedToday, calls.threeDaysAgo]);
    expect(ended?.at(-1)?.bookings).toHaveLength(1);
    expect(await as(owner).listCalls(other, { limit: 10 })).toBeNull();
  });

  it("shows a call with its transcript in spoken order and its booking, and nothing of another business's call", async () => {
    const call = await as(staff).callDetails(calls.bookedToday ?? "");
    expect(call?.transcript.map((l) => l.text)).toEqual(["Harbor Dental, how can I help?", "<img src=x onerror=alert(1)>"]);
    expect(call?.bookings.map((b) => b.callId)).toEqual([calls.bookedToday]);
    expect(await as(owner).callDetails(otherCall)).toBeNull();
  });

  it("lists upcoming bookings soonest first and past ones latest first, a page at a time", async () => {
    const upcoming = await as(owner).listBookings(harbor, { when: "upcoming", limit: 10 });
    expect(upcoming?.map((b) => b.callId)).toEqual([calls.threeDaysAgo, calls.bookedToday]);
    const past = await as(owner).listBookings(harbor, { when: "past", limit: 1 });
    expect(past).toHaveLength(2);
    const [latest, earlier] = past ?? [];
    expect(latest && earlier && latest.start > earlier.start).toBe(true);
    const rest = await as(owner).listBookings(harbor, { when: "past", limit: 1, after: latest && { at: latest.at, id: latest.id } });
    expect(rest?.map((b) => b.id)).toEqual([earlier?.id]);
    expect(await as(owner).listBookings(other, { when: "upcoming", limit: 10 })).toBeNull();
  });

  it("reads the settings with who may change them", async () => {
    expect(await as(owner).settings(harbor)).toMatchObject({ name: "Harbor Dental", greeting: "Hello from Harbor", timezone: ZONE, slotMinutes: 30, canEdit: true });
    expect(await as(staff).settings(harbor)).toMatchObject({ canEdit: false });
    expect(await as(owner).settings(other)).toBeNull();
  });

  it("reads the calendar with the account and event types, never a token", async () => {
    const calendar = await as(staff).calendar(harbor);
    expect(calendar).toEqual({
      provider: "calcom", status: "connected",
      account: { email: "desk@harbor.example", name: "Harbor Dental", username: "harbor-dental" },
      defaultEventTypeId: 11,
      eventTypes: [{ id: 12, title: "Check-up", lengthMinutes: 45 }, { id: 11, title: "Cleaning", lengthMinutes: 30 }],
      canEdit: false,
    });
    expect(await as(stranger).calendar(other)).toMatchObject({ provider: "builtin", status: "not_connected", account: null, defaultEventTypeId: null });
    expect(await as(owner).calendar(other)).toBeNull();
  });

  it("lets an owner change the settings, reports staff as forbidden and another business as unknown", async () => {
    const business = (await insertBusiness(sql, { name: "Corner Salon", timezone: "UTC" })).id;
    await sql`insert into business_members ${sql([{ business_id: business, user_id: owner, role: "owner" }, { business_id: business, user_id: staff, role: "staff" }])}`;
    const changes = { greeting: "Welcome!", businessHours: { tue: [{ open: "08:00", close: "12:00" }] }, fallbackTransferNumber: null, slotMinutes: 20 };
    expect(await as(owner).updateSettings(business, changes)).toEqual({
      outcome: "updated",
      settings: { name: "Corner Salon", greeting: "Welcome!", timezone: "UTC", businessHours: changes.businessHours, fallbackTransferNumber: null, slotMinutes: 20, canEdit: true },
    });
    expect(await as(staff).updateSettings(business, { name: "Staff was here" })).toEqual({ outcome: "forbidden" });
    expect(await as(owner).updateSettings(other, { name: "Owner of another was here" })).toEqual({ outcome: "unknown_business" });
    expect(await as(owner).updateSettings(UNKNOWN, { name: "Nobody" })).toEqual({ outcome: "unknown_business" });
    const [row] = await sql`select name, greeting, slot_minutes from businesses where id = ${business}`;
    expect(row).toEqual({ name: "Corner Salon", greeting: "Welcome!", slot_minutes: 20 });
    expect((await sql`select name from businesses where id = ${other}`)[0]).toEqual({ name: "Not theirs" });
    await sql`delete from businesses where id = ${business}`;
  });

  it("lets an owner choose one of the business's own event types, and only those", async () => {
    expect(await as(owner).setDefaultEventType(harbor, 12)).toMatchObject({ outcome: "updated", calendar: { defaultEventTypeId: 12 } });
    expect(await as(owner).setDefaultEventType(harbor, 99)).toEqual({ outcome: "unknown_event_type", offered: [11, 12] });
    expect(await as(staff).setDefaultEventType(harbor, 11)).toEqual({ outcome: "forbidden" });
    expect(await as(owner).setDefaultEventType(other, 99)).toEqual({ outcome: "unknown_business" });
    expect((await sql`select calcom_default_event_type_id as id from businesses where id in ${sql([harbor, other])} order by name`).map((r) => r.id)).toEqual(["12", null]);
    await sql`update businesses set calcom_default_event_type_id = 11 where id = ${harbor}`;
  });
});
