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
