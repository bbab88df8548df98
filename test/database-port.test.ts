import { delay, http, HttpResponse } from "msw";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { ZodError } from "zod";
import { createDatabase, type Database } from "../lib/db/database.js";
import { DbError } from "../lib/db/db-errors.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { QUERY_TIMEOUT_MS } from "../lib/db/query-timeout.js";
import { createRpcTransport } from "../lib/db/rpc-transport.js";
import type { DbTransport } from "../lib/db/transport.js";
import { freePort } from "./support/free-port.js";
import { server } from "./support/msw-server.js";
import { fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { testSql, uniquePhoneNumber } from "./support/test-db.js";

const SUPABASE_URL = "https://test-project.supabase.co";
const sql = testSql();
afterAll(() => sql.end());

const transports = [
  { name: "direct Postgres", open: () => createDirectTransport(inject("databaseUrl")) },
  { name: "supabase-js rpc", open: () => createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")) },
];

describe.each(transports)("database port over $name", ({ open }) => {
  const transport: DbTransport = open();
  const db: Database = createDatabase(transport);
  beforeEach(() => server.use(postgrestRpcHandler(SUPABASE_URL, sql)));
  afterAll(() => db.close());

  const newBusiness = () => ({
    name: "Harbor Plumbing",
    phoneNumber: uniquePhoneNumber(),
    timezone: "Europe/Berlin",
    businessHours: { mon: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "17:00" }] },
    greeting: "Harbor Plumbing, how can I help?",
    slotMinutes: 45,
  });

  it("reports health with the applied migrations", async () => {
    const versions = (await readMigrationFiles()).map((f) => f.version);
    expect(await db.health()).toEqual({ migrations: versions.length, versions });
  });

  it("creates a business and reads it back by id", async () => {
    const input = newBusiness();
    const created = await db.createBusiness(input);
    expect(created).toMatchObject({ ...input, active: true, calcomStatus: "not_connected", vapiPhoneNumberId: null });
    expect(await db.getBusiness(created.id)).toEqual(created);
  });

  it("refuses a second business with the same phone number as a unique violation", async () => {
    const input = newBusiness();
    await db.createBusiness(input);
    const error = await db.createBusiness({ ...input, name: "Copycat" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect(error).toMatchObject({ kind: "unique_violation", constraint: "businesses_phone_number_key" });
    const [row] = await sql`select count(*)::int as n from businesses where phone_number = ${input.phoneNumber}`;
    expect(row?.n).toBe(1);
  });

  it("refuses invalid input before it reaches the database, naming each field", async () => {
    const input = { ...newBusiness(), timezone: "Mars/Olympus_Mons", fallbackTransferNumber: "555-1234" };
    const error = await db.createBusiness(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join("."))).toEqual(["timezone", "fallbackTransferNumber"]);
    const [row] = await sql`select count(*)::int as n from businesses where phone_number = ${input.phoneNumber}`;
    expect(row?.n).toBe(0);
  });

  it("turns a value the database itself refuses into invalid_input naming the rule, storing nothing", async () => {
    const phone = uniquePhoneNumber();
    const error = await transport.rows("create_business", [
      { name: "p_name", type: "text", value: "Bad zone" },
      { name: "p_phone_number", type: "text", value: phone },
      { name: "p_timezone", type: "text", value: "America/NewYork" },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect(error).toMatchObject({ kind: "invalid_input", constraint: "businesses_timezone_check" });
    const [row] = await sql`select count(*)::int as n from businesses where phone_number = ${phone}`;
    expect(row?.n).toBe(0);
  });

  it("answers not_found for an unknown business id", async () => {
    await expect(db.getBusiness("7d3f6a2e-0000-4000-8000-000000000000")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("finds the business answering a line by VAPI phone number id or by number", async () => {
    const created = await db.createBusiness({ ...newBusiness(), vapiPhoneNumberId: `pn-${crypto.randomUUID()}` });
    expect((await db.findBusinessByNumber({ vapiPhoneNumberId: created.vapiPhoneNumberId }))?.id).toBe(created.id);
    expect((await db.findBusinessByNumber({ phoneNumber: created.phoneNumber }))?.id).toBe(created.id);
    expect(await db.findBusinessByNumber({ phoneNumber: uniquePhoneNumber() })).toBeNull();
    expect(await db.findBusinessByNumber({})).toBeNull();
  });

  it("prefers the VAPI phone number id when id and number name different businesses", async () => {
    const byId = await db.createBusiness({ ...newBusiness(), vapiPhoneNumberId: `pn-${crypto.randomUUID()}` });
    const byNumber = await db.createBusiness(newBusiness());
    const found = await db.findBusinessByNumber({ vapiPhoneNumberId: byId.vapiPhoneNumberId, phoneNumber: byNumber.phoneNumber });
    expect(found?.id).toBe(byId.id);
  });
});

describe("when the database cannot be reached", () => {
  it("the direct transport reports unavailable", async () => {
    const db = createDatabase(createDirectTransport(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`));
    await expect(db.health()).rejects.toMatchObject({ kind: "unavailable" });
    await db.close();
  });

  it("the rpc transport reports unavailable when the request fails on the network", async () => {
    server.use(http.post(`${SUPABASE_URL}/rest/v1/rpc/:fn`, () => HttpResponse.error()));
    const db = createDatabase(createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")));
    await expect(db.health()).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("the rpc transport reports unavailable when the Data API does not answer within the query timeout", async () => {
    server.use(
      http.post(`${SUPABASE_URL}/rest/v1/rpc/:fn`, async () => {
        await delay("infinite");
        return HttpResponse.json(null);
      }),
    );
    const db = createDatabase(createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")));
    const started = performance.now();
    await expect(db.health()).rejects.toMatchObject({ kind: "unavailable" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 50);
    expect(performance.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
  });

  it("the rpc transport reports unavailable when PostgREST cannot reach Postgres", async () => {
    server.use(
      http.post(`${SUPABASE_URL}/rest/v1/rpc/:fn`, () =>
        HttpResponse.json({ code: "PGRST001", message: "Database client error. Retrying the connection.", details: null, hint: null }, { status: 503 }),
      ),
    );
    const db = createDatabase(createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")));
    await expect(db.health()).rejects.toMatchObject({ kind: "unavailable" });
  });
});

describe("server functions over rpc with a client key", () => {
  it("are refused to the anon key", async () => {
    server.use(postgrestRpcHandler(SUPABASE_URL, sql));
    const db = createDatabase(createRpcTransport(SUPABASE_URL, fakeSupabaseKey("anon")));
    const error = await db.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).cause).toMatchObject({ code: "42501" });
  });
});

describe("a Supabase gateway that refuses the key", () => {
  it("is reported as a configuration error, not as the database being unavailable", async () => {
    server.use(
      http.post(`${SUPABASE_URL}/rest/v1/rpc/:fn`, () => HttpResponse.json({ message: "Invalid API key" }, { status: 401 })),
    );
    const db = createDatabase(createRpcTransport(SUPABASE_URL, "sb_secret_not_the_right_key_at_all"));
    const error = await db.health().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unexpected" });
    expect((error as Error).message).toContain("SUPABASE_SERVICE_ROLE_KEY");
  });
});
