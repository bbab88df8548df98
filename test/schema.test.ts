import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { asRequest, outcomeOf, rolledBack, type Outcome } from "./support/as-role.js";
import { insertAuthUser, insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

// Constraints, cascades, triggers, indexes, views and server functions, against the migrated
// database as `postgres` (the table owner). Writes that only probe a constraint are rolled back.

const sql = testSql();
type Params = postgres.ParameterOrJSON<never>[];

interface Fixture {
  businessId: string;
  callId: string;
  transcriptId: string;
  bookingId: string;
  bookingUid: string;
  vapiCallId: string;
  otherCallId: string;
}

let fx: Fixture;
const businessIds: string[] = [];
const userIds: string[] = [];

beforeAll(async () => {
  const businessId = await newBusiness();
  const otherBusinessId = await newBusiness();
  const vapiCallId = randomUUID();
  const callId = await insertCall(businessId, { vapi_call_id: vapiCallId });
  const otherCallId = await insertCall(otherBusinessId);
  const transcriptId = await insertReturningId(sql`insert into public.call_transcripts ${sql({ call_id: callId, business_id: businessId, role: "user", text: "hi", sequence: 0 })} returning id`);
  const bookingUid = `uid-${randomUUID()}`;
  const bookingId = await insertReturningId(sql`insert into public.bookings ${sql(booking(businessId, callId, { calcom_booking_uid: bookingUid }))} returning id`);
  await sql`insert into public.business_members ${sql({ business_id: businessId, user_id: await insertUser(), role: "owner" })}`;
  await sql`insert into public.calcom_credentials ${sql(credentials(businessId))}`;
  fx = { businessId, callId, transcriptId, bookingId, bookingUid, vapiCallId, otherCallId };
});

afterAll(async () => {
  await sql`delete from public.businesses where id in ${sql(businessIds)}`;
  if (userIds.length) await sql`delete from auth.users where id in ${sql(userIds)}`;
  await sql.end();
});

async function newBusiness(fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await insertBusiness(sql, fields);
  businessIds.push(id);
  return id;
}

async function insertUser(): Promise<string> {
  const id = await insertAuthUser(sql);
  userIds.push(id);
  return id;
}

async function insertReturningId(query: Promise<{ id: string }[]>): Promise<string> {
  const [row] = await query;
  if (!row) throw new Error("insert returned no row");
  return String(row.id);
}

function insertCall(businessId: string, fields: Record<string, unknown> = {}): Promise<string> {
  return insertReturningId(sql`insert into public.calls ${sql({ business_id: businessId, vapi_call_id: randomUUID(), ...fields })} returning id`);
}

function booking(businessId: string, callId: string | null, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { business_id: businessId, call_id: callId, customer_name: "Ada Lovelace", scheduled_at: "2026-12-01T15:00:00Z", duration_minutes: 30, ...fields };
}

function credentials(businessId: string): Record<string, unknown> {
  return { business_id: businessId, auth_type: "oauth", access_token_encrypted: "sealed-a", refresh_token_encrypted: "sealed-r", key_id: "k1" };
}

/** Rows the statement affected, or the SQLSTATE and constraint that refused it; rolled back either way. */
function attempt(statement: string, params: Params): Promise<Outcome> {
  return outcomeOf(rolledBack(sql, (tx) => tx.unsafe(statement, params)));
}

/** Outcome of setting table.column to each value on the fixture's row of that table. */
async function outcomesOf(table: string, column: string, values: readonly unknown[], cast = "text"): Promise<Record<string, Outcome>> {
  const row = { businesses: fx.businessId, calls: fx.callId, bookings: fx.bookingId, call_transcripts: fx.transcriptId }[table];
  if (!row) throw new Error(`no fixture row in ${table}`);
  const outcomes: Record<string, Outcome> = {};
  for (const value of values) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    // Sent as text and cast in SQL: postgres.js would JSON-encode a string bound to a jsonb parameter.
    outcomes[text] = await attempt(`update public.${table} set ${column} = $1::text::${cast} where id = $2`, [text, row]);
  }
  return outcomes;
}

const each = (values: readonly unknown[], outcome: Outcome): Record<string, Outcome> =>
  Object.fromEntries(values.map((v) => [typeof v === "string" ? v : JSON.stringify(v), outcome]));

describe("phone numbers are stored in E.164", () => {
  const valid = ["+442071838750", "+4915123456789", "+1234567", "+123456789012345"];
  const invalid = ["555-1234", "+0123", "+1234567890123456", "442071838750", "+44 20 7183 8750", "+123456", ""];
  const columns: [string, string][] = [
    ["businesses", "phone_number"], ["businesses", "fallback_transfer_number"], ["calls", "customer_number"], ["bookings", "customer_phone"],
  ];
  for (const [table, column] of columns) {
    it(`${table}.${column} accepts E.164 numbers of 7 to 15 digits`, async () => {
      expect(await outcomesOf(table, column, valid)).toEqual(each(valid, 1));
    });
    it(`${table}.${column} refuses local, zero-leading, too long and formatted numbers (23514)`, async () => {
      expect(await outcomesOf(table, column, invalid)).toEqual(each(invalid, `23514 ${table}_${column}_check`));
    });
  }
});

describe("businesses.timezone holds an IANA zone name", () => {
  it("accepts zone names the server knows", async () => {
    const zones = ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata"];
    expect(await outcomesOf("businesses", "timezone", zones)).toEqual(each(zones, 1));
  });

  it("refuses misspelt names and bare offsets (23514)", async () => {
    const zones = ["America/NewYork", "+03", "New York", "Mars/Olympus_Mons", "", "Factory"];
    expect(await outcomesOf("businesses", "timezone", zones)).toEqual(each(zones, "23514 businesses_timezone_check"));
  });
});

describe("businesses.business_hours maps weekdays to HH:MM intervals", () => {
  it("accepts closed weeks, split days and a day closing at 24:00", async () => {
    const hours = [
      {},
      { mon: [{ open: "09:00", close: "17:00" }] },
      { tue: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "18:30" }], sun: [] },
      { fri: [{ open: "22:00", close: "24:00" }] },
    ];
    expect(await outcomesOf("businesses", "business_hours", hours, "jsonb")).toEqual(each(hours, 1));
  });

  it.each([
    ["an unknown day", { funday: [{ open: "09:00", close: "17:00" }] }],
    ["a time without two-digit hours", { mon: [{ open: "9:00", close: "17:00" }] }],
    ["an hour past 24", { mon: [{ open: "09:00", close: "25:00" }] }],
    ["an interval that opens after it closes", { mon: [{ open: "17:00", close: "09:00" }] }],
    ["an interval that opens when it closes", { mon: [{ open: "09:00", close: "09:00" }] }],
    ["a missing close", { mon: [{ open: "09:00" }] }],
    ["a day that is not a list", { mon: { open: "09:00", close: "17:00" } }],
    ["an interval that is not an object", { mon: ["09:00-17:00"] }],
    ["a list instead of an object", [{ open: "09:00", close: "17:00" }]],
  ])("refuses %s (23514)", async (_label, hours) => {
    expect(await outcomesOf("businesses", "business_hours", [hours], "jsonb")).toEqual(each([hours], "23514 businesses_business_hours_check"));
  });
});

describe("status-like columns accept only their known values", () => {
  const checks: [table: string, column: string, valid: string[], invalid: string][] = [
    ["calls", "status", ["scheduled", "queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "deletion-failed"], "completed"],
    ["calls", "direction", ["inbound", "outbound"], "incoming"],
    ["calls", "sentiment", ["positive", "neutral", "negative"], "angry"],
    ["bookings", "status", ["pending", "confirmed", "cancelled", "rescheduled"], "booked"],
    ["call_transcripts", "role", ["assistant", "user", "system", "tool"], "bot"],
    ["businesses", "calcom_status", ["not_connected", "connected", "needs_reconnect"], "connecting"],
  ];
  for (const [table, column, valid, invalid] of checks) {
    it(`${table}.${column} accepts ${valid.join(", ")} and refuses "${invalid}" (23514)`, async () => {
      expect(await outcomesOf(table, column, [...valid, invalid])).toEqual({ ...each(valid, 1), [invalid]: `23514 ${table}_${column}_check` });
    });
  }
});

describe("uniqueness", () => {
  it("refuses a second call with the same vapi_call_id (23505)", async () => {
    expect(await attempt("insert into public.calls (business_id, vapi_call_id) values ($1, $2)", [fx.businessId, fx.vapiCallId])).toBe("23505 calls_vapi_call_id_key");
  });

  it("refuses a second booking with the same calcom_booking_uid (23505)", async () => {
    const statement = "insert into public.bookings (business_id, customer_name, scheduled_at, duration_minutes, calcom_booking_uid) values ($1, 'Bob', now(), 30, $2)";
    expect(await attempt(statement, [fx.businessId, fx.bookingUid])).toBe("23505 bookings_calcom_booking_uid_key");
    expect(await attempt(statement, [fx.businessId, `uid-${randomUUID()}`])).toBe(1);
  });

  it("stores each transcript line of a call once per sequence number (23505)", async () => {
    const statement = "insert into public.call_transcripts (call_id, business_id, role, text, sequence) values ($1, $2, 'user', 'again', $3)";
    expect(await attempt(statement, [fx.callId, fx.businessId, 0])).toBe("23505 call_transcripts_call_id_sequence_key");
    expect(await attempt(statement, [fx.callId, fx.businessId, 1])).toBe(1);
  });
});

describe("rows never point at another business's call", () => {
  it("refuses a transcript line naming a call of another business (23503)", async () => {
    const statement = "insert into public.call_transcripts (call_id, business_id, role, text, sequence) values ($1, $2, 'user', 'hi', 7)";
    expect(await attempt(statement, [fx.otherCallId, fx.businessId])).toBe("23503 call_transcripts_call_id_business_id_fkey");
    expect(await attempt(statement, [fx.callId, fx.businessId])).toBe(1);
  });

  it("refuses a booking naming a call of another business (23503)", async () => {
    const statement = "insert into public.bookings (business_id, call_id, customer_name, scheduled_at, duration_minutes) values ($1, $2, 'Bob', now(), 30)";
    expect(await attempt(statement, [fx.businessId, fx.otherCallId])).toBe("23503 bookings_call_id_business_id_fkey");
    expect(await attempt(statement, [fx.businessId, fx.callId])).toBe(1);
  });
});

describe("deletes", () => {
  it("deleting a business removes its calls, transcripts, bookings, members and credentials", async () => {
    const businessId = await newBusiness();
    const callId = await insertCall(businessId);
    await sql`insert into public.call_transcripts ${sql({ call_id: callId, business_id: businessId, role: "assistant", text: "hello", sequence: 0 })}`;
    await sql`insert into public.bookings ${sql(booking(businessId, callId))}`;
    await sql`insert into public.business_members ${sql({ business_id: businessId, user_id: await insertUser(), role: "staff" })}`;
    await sql`insert into public.calcom_credentials ${sql(credentials(businessId))}`;
    const remaining = () => sql<{ rows: number }[]>`
      select ((select count(*) from public.calls where business_id = ${businessId})
           + (select count(*) from public.call_transcripts where business_id = ${businessId})
           + (select count(*) from public.bookings where business_id = ${businessId})
           + (select count(*) from public.business_members where business_id = ${businessId})
           + (select count(*) from public.calcom_credentials where business_id = ${businessId}))::int as rows`;
    expect(await remaining()).toEqual([{ rows: 5 }]);

    await sql`delete from public.businesses where id = ${businessId}`;

    expect(await remaining()).toEqual([{ rows: 0 }]);
  });

  it("deleting a call keeps its booking with call_id null and removes its transcript lines", async () => {
    const businessId = await newBusiness();
    const callId = await insertCall(businessId);
    await sql`insert into public.call_transcripts ${sql({ call_id: callId, business_id: businessId, role: "user", text: "book me", sequence: 0 })}`;
    const bookingId = await insertReturningId(sql`insert into public.bookings ${sql(booking(businessId, callId))} returning id`);

    await sql`delete from public.calls where id = ${callId}`;

    expect(await sql`select business_id, call_id from public.bookings where id = ${bookingId}`).toEqual([{ business_id: businessId, call_id: null }]);
    expect(await sql`select 1 from public.call_transcripts where call_id = ${callId}`).toHaveLength(0);
  });
});

describe("updated_at", () => {
  const rows: [table: string, where: string, id: () => string][] = [
    ["businesses", "id", () => fx.businessId],
    ["business_members", "business_id", () => fx.businessId],
    ["calcom_credentials", "business_id", () => fx.businessId],
    ["calls", "id", () => fx.callId],
    ["call_transcripts", "id", () => fx.transcriptId],
    ["bookings", "id", () => fx.bookingId],
  ];
  for (const [table, where, id] of rows) {
    it(`${table}: every update stamps updated_at with the current time, whatever the statement sets`, async () => {
      const [before] = await sql.unsafe<{ at: string }[]>(`select updated_at::text as at from public.${table} where ${where} = $1`, [id()]);
      if (!before) throw new Error(`no fixture row in ${table}`);
      const after = await sql.unsafe(
        `update public.${table} set updated_at = '2000-01-01T00:00:00Z' where ${where} = $1
         returning updated_at > $2::timestamptz as advanced, updated_at = now() as stamped`,
        [id(), before.at],
      );
      expect(after).toEqual([{ advanced: true, stamped: true }]);
    });
  }
});

describe("indexes", () => {
  const leadingIndexes = (column: string) => sql<{ table: string; indexed: boolean }[]>`
    select c.relname as table,
           exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum) as indexed
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = ${column} and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by 1`;

  it("every business_id column leads an index (RLS filters and tenant queries use it)", async () => {
    const tables = await leadingIndexes("business_id");
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["bookings", "business_members", "calcom_credentials", "call_transcripts", "calls"]));
    expect(tables.filter((t) => !t.indexed).map((t) => t.table)).toEqual([]);
  });

  it.each([
    ["businesses", "phone_number"], ["businesses", "vapi_phone_number_id"], ["calls", "vapi_call_id"],
    ["call_transcripts", "call_id"], ["bookings", "call_id"], ["business_members", "user_id"],
  ])("%s.%s, a lookup or foreign key column, leads an index", async (table, column) => {
    const tables = await leadingIndexes(column);
    expect(tables.find((t) => t.table === table)).toEqual({ table, indexed: true });
  });

  // Supabase's performance advisor (lint 0001_unindexed_foreign_keys, supabase/splinter) reports a
  // foreign key unless some valid index starts with exactly the key's columns, in the key's order.
  it("every foreign key in public and private leads an index with its columns in its order, as Supabase's advisor asks", async () => {
    const unindexed = await sql<{ table: string; key: string }[]>`
      select c.conrelid::regclass::text as table, c.conname as key
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname in ('public', 'private')
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid and i.indisvalid
            and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(c.conkey)] = c.conkey)
      order by 1, 2`;
    expect(unindexed).toEqual([]);
  });
});

describe("call analytics views", () => {
  let businessId: string;

  // Los Angeles is UTC-8 in January: the 23:30 call is on 2026-01-16 in UTC but on the 15th locally.
  beforeAll(async () => {
    businessId = await newBusiness({ timezone: "America/Los_Angeles" });
    const calls: [startedAt: string, status: string, durationSeconds: number | null, bookingMade: boolean][] = [
      ["2026-01-15T17:00:00Z", "ended", 120, true], // 09:00 local, answered, booked
      ["2026-01-15T18:00:00Z", "ended", 61, false], // 10:00 local, answered
      ["2026-01-15T19:00:00Z", "ended", null, false], // 11:00 local, missed
      ["2026-01-16T07:30:00Z", "ended", 30, true], // 23:30 local on the 15th, answered, booked
      ["2026-01-16T16:00:00Z", "ended", 0, false], // 08:00 local on the 16th, missed (no talk time)
      ["2026-01-16T17:00:00Z", "in-progress", null, false], // neither answered nor missed yet
    ];
    for (const [startedAt, status, durationSeconds, bookingMade] of calls) {
      await insertCall(businessId, { started_at: startedAt, status, duration_seconds: durationSeconds, booking_made: bookingMade });
    }
  });

  it("call_stats_daily counts calls per local day in the business timezone", async () => {
    const days = await sql`
      select day::text, calls::int, answered_calls::int as answered, missed_calls::int as missed,
             average_duration_seconds::text as average, calls_with_booking::int as booked
      from public.call_stats_daily where business_id = ${businessId} order by day`;
    expect(days).toEqual([
      { day: "2026-01-15", calls: 4, answered: 3, missed: 1, average: "70.3", booked: 2 },
      { day: "2026-01-16", calls: 2, answered: 0, missed: 1, average: null, booked: 0 },
    ]);
  });

  it("business_call_stats totals the calls and converts answered calls into bookings", async () => {
    const totals = await sql`
      select calls::int, answered_calls::int as answered, missed_calls::int as missed,
             average_duration_seconds::text as average, calls_with_booking::int as booked, booking_conversion::text as conversion
      from public.business_call_stats where business_id = ${businessId}`;
    expect(totals).toEqual([{ calls: 6, answered: 3, missed: 2, average: "70.3", booked: 2, conversion: "0.667" }]);
  });

  it("business_call_stats lists a business without calls with zeros and no conversion", async () => {
    const quiet = await newBusiness();
    const totals = await sql`
      select calls::int, answered_calls::int as answered, booking_conversion from public.business_call_stats where business_id = ${quiet}`;
    expect(totals).toEqual([{ calls: 0, answered: 0, booking_conversion: null }]);
  });
});

describe("server functions, called as service_role", () => {
  const SERVICE = { role: "service_role" } as const;
  interface BusinessRow { id: string; name: string; phone_number: string; timezone: string; slot_minutes: number; calcom_status: string; active: boolean }

  it("create_business stores a business with defaults that get_business and find_business_by_number return", async () => {
    const phone = uniquePhoneNumber();
    const vapiId = `PN-${randomUUID()}`;
    const result = await asRequest(sql, SERVICE, async (tx) => {
      const [created] = await tx.unsafe<BusinessRow[]>(
        "select * from public.create_business(p_name => 'Smile Dental', p_phone_number => $1, p_timezone => 'Europe/Berlin', p_vapi_phone_number_id => $2)",
        [phone, vapiId],
      );
      if (!created) throw new Error("create_business returned no row");
      const byId = await tx.unsafe<BusinessRow[]>("select id from public.get_business($1)", [created.id]);
      const byNumber = await tx.unsafe<BusinessRow[]>("select id from public.find_business_by_number(p_phone_number => $1)", [phone]);
      const byVapiId = await tx.unsafe<BusinessRow[]>("select id from public.find_business_by_number(p_vapi_phone_number_id => $1)", [vapiId]);
      return { created, found: [...byId, ...byNumber, ...byVapiId].map((b) => b.id) };
    });
    expect(result.created).toMatchObject({ name: "Smile Dental", phone_number: phone, timezone: "Europe/Berlin", slot_minutes: 30, calcom_status: "not_connected", active: true });
    expect(result.found).toEqual([result.created.id, result.created.id, result.created.id]);
  });

  it("create_business refuses a phone number that is taken (23505) or an unknown timezone (23514)", async () => {
    const create = (phone: string, timezone: string) =>
      outcomeOf(asRequest(sql, SERVICE, (tx) => tx.unsafe("select * from public.create_business(p_name => 'Dup', p_phone_number => $1, p_timezone => $2)", [phone, timezone])));
    const [taken] = await sql<{ phone_number: string }[]>`select phone_number from public.businesses where id = ${fx.businessId}`;
    expect(await create(taken?.phone_number ?? "", "UTC")).toBe("23505 businesses_phone_number_key");
    expect(await create(uniquePhoneNumber(), "America/NewYork")).toBe("23514 businesses_timezone_check");
  });

  it("find_business_by_number prefers the VAPI phone number id over the number, and finds nothing unknown", async () => {
    const byIdVapi = `PN-${randomUUID()}`;
    const byId = await newBusiness({ vapi_phone_number_id: byIdVapi });
    const byNumber = await newBusiness();
    const [{ phone_number: number } = { phone_number: "" }] = await sql<{ phone_number: string }[]>`select phone_number from public.businesses where id = ${byNumber}`;
    const find = (vapiId: string | null, phone: string | null) =>
      asRequest(sql, SERVICE, (tx) => tx.unsafe<{ id: string }[]>("select id from public.find_business_by_number($1, $2)", [vapiId, phone]));

    expect((await find(byIdVapi, number)).map((b) => b.id)).toEqual([byId]);
    expect((await find(null, number)).map((b) => b.id)).toEqual([byNumber]);
    expect(await find(`PN-${randomUUID()}`, "+19999999999")).toHaveLength(0);
  });

  it("get_business returns no row for an unknown id", async () => {
    expect(await asRequest(sql, SERVICE, (tx) => tx.unsafe("select * from public.get_business($1)", [randomUUID()]))).toHaveLength(0);
  });

  it("app_health reports how many migrations are applied", async () => {
    const [health] = await asRequest(sql, SERVICE, (tx) => tx.unsafe<{ app_health: unknown }[]>("select public.app_health()"));
    const versions = (await readMigrationFiles()).map((f) => f.version);
    expect(health?.app_health).toEqual({ migrations: versions.length, versions });
  });
});
