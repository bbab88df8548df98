import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "../lib/db/database.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { createRpcTransport } from "../lib/db/rpc-transport.js";
import { server } from "./support/msw-server.js";
import { fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { insertBookingRow, insertCallRow, testSql, uniquePhoneNumber } from "./support/test-db.js";

const SUPABASE_URL = "https://test-project.supabase.co";
const sql = testSql();
afterAll(() => sql.end());

const transports = [
  { name: "direct Postgres", open: () => createDirectTransport(inject("databaseUrl")) },
  { name: "supabase-js rpc", open: () => createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")) },
];

// The operator API's reads and writes are one server function each; both transports must give
// the same answers (and the same page keys, to the microsecond).
describe.each(transports)("operator queries over $name", ({ open }) => {
  const db: Database = createDatabase(open());
  beforeEach(() => server.use(postgrestRpcHandler(SUPABASE_URL, sql)));
  afterAll(() => db.close());

  it("updates a business and finds it by number", async () => {
    const created = await db.createBusiness({ name: "Corner Salon", phoneNumber: uniquePhoneNumber(), timezone: "UTC" });
    const update = await db.updateBusiness(created.id, { active: false, greeting: "Hi!", fallbackTransferNumber: null });
    expect(update).toMatchObject({ outcome: "updated", business: { active: false, greeting: "Hi!", fallbackTransferNumber: null, name: "Corner Salon" } });
    const listed = await db.listBusinesses({ phoneNumber: created.phoneNumber, limit: 10 });
    expect(listed.map((b) => [b.id, b.active])).toEqual([[created.id, false]]);
    expect(await db.updateBusiness("0b0e4a4e-0000-4000-8000-000000000000", { active: true })).toEqual({ outcome: "unknown_business" });
  });

  it("lists calls and bookings with exact page keys, and shows a call", async () => {
    const business = await db.createBusiness({ name: "Corner Salon", phoneNumber: uniquePhoneNumber(), timezone: "UTC" });
    const callId = await insertCallRow(sql, business.id, "2026-03-02T15:00:00.123456Z");
    await sql`insert into call_transcripts ${sql({ call_id: callId, business_id: business.id, sequence: 0, role: "user", text: "Hello", spoken_at: "2026-03-02T15:00:01Z" })}`;
    const bookingId = await insertBookingRow(sql, business.id, { call_id: callId, scheduled_at: "2026-03-04T10:00:00.000001Z" });

    const calls = await db.listCalls(business.id, { limit: 5 });
    expect(calls?.map((c) => [c.id, c.at, c.bookings.map((b) => b.id)])).toEqual([[callId, "2026-03-02T15:00:00.123456+00:00", [bookingId]]]);
    const bookings = await db.listBookings(business.id, { limit: 5, callId });
    expect(bookings?.map((b) => [b.id, b.at])).toEqual([[bookingId, "2026-03-04T10:00:00.000001+00:00"]]);
    expect(await db.callDetails(callId)).toMatchObject({ id: callId, transcript: [{ sequence: 0, text: "Hello" }], bookings: [{ id: bookingId }] });
    expect(await db.listCalls("0b0e4a4e-0000-4000-8000-000000000000", { limit: 5 })).toBeNull();
    expect(await db.callDetails("0b0e4a4e-0000-4000-8000-000000000000")).toBeNull();
  });
});
