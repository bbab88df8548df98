import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import postgres from "postgres";

/** A postgres.js pool on the test database as `postgres` (owner, BYPASSRLS, not superuser). */
export function testSql(url = inject("databaseUrl")): postgres.Sql {
  return postgres(url, { prepare: false, max: 4, onnotice: () => undefined });
}

let counter = 0;

/** A phone number no other test uses: tests run in parallel against one database. */
export function uniquePhoneNumber(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 1e6).toString().padStart(6, "0");
  return `+1${String(process.pid % 1000).padStart(3, "0")}${random}${String(counter % 10)}`;
}

/** Inserts a business directly (tests of the schema itself must not depend on the app's functions). */
export async function insertBusiness(sql: postgres.Sql, fields: Record<string, unknown> = {}): Promise<{ id: string; phone_number: string }> {
  const row = { name: "Test business", phone_number: uniquePhoneNumber(), timezone: "America/New_York", ...fields };
  const [business] = await sql<{ id: string; phone_number: string }[]>`insert into public.businesses ${sql(row)} returning id, phone_number`;
  if (!business) throw new Error("insert returned no row");
  return business;
}

/** A Supabase Auth user (the few auth.users columns our policies and foreign keys need). */
export async function insertAuthUser(sql: postgres.Sql): Promise<string> {
  const id = randomUUID();
  await sql`insert into auth.users (id, aud, role, email) values (${id}, 'authenticated', 'authenticated', ${`${id}@example.test`})`;
  return id;
}

/** A call as VAPI's events would have left it; `startedAt` null: it never started. */
export function insertCallRow(sql: postgres.Sql, businessId: string, startedAt: string | null, fields: Record<string, unknown> = {}): Promise<string> {
  return insertReturningId(sql, "calls", { business_id: businessId, vapi_call_id: randomUUID(), status: "ended", started_at: startedAt, ...fields });
}

/** A booking (built-in unless fields give a calcom_booking_uid), 30 minutes by default. */
export function insertBookingRow(sql: postgres.Sql, businessId: string, fields: Record<string, unknown>): Promise<string> {
  return insertReturningId(sql, "bookings", { business_id: businessId, customer_name: "Ada Lovelace", duration_minutes: 30, ...fields });
}

const TIMESTAMP_COLUMNS = new Set(["started_at", "ended_at", "created_at", "scheduled_at", "cancelled_at"]);

/** Timestamps go in as text: postgres.js would send them through a JS Date and drop microseconds. */
async function insertReturningId(sql: postgres.Sql, table: "calls" | "bookings", row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  const values = columns.map((column, i) => (TIMESTAMP_COLUMNS.has(column) ? `$${i + 1}::text::timestamptz` : `$${i + 1}`));
  const parameters = columns.map((column) => row[column] ?? null) as postgres.ParameterOrJSON<never>[];
  const [inserted] = await sql.unsafe<{ id: string }[]>(`insert into public.${table} (${columns.join(", ")}) values (${values.join(", ")}) returning id`, parameters);
  if (!inserted) throw new Error("insert returned no row");
  return inserted.id;
}
