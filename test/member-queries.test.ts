import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "../lib/db/database.js";
import { DbError } from "../lib/db/db-errors.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { createRpcTransport } from "../lib/db/rpc-transport.js";
import { server } from "./support/msw-server.js";
import { fakeAccessToken, fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { insertAuthUser, insertBusiness, testSql } from "./support/test-db.js";

const SUPABASE_URL = "https://test-project.supabase.co";
const sql = testSql();
afterAll(() => sql.end());

// Ada owns Harbor Dental and is staff at Bay Clinic; Ben is staff at Harbor Dental too; Cy owns
// another business; Dee belongs to none. Other tests' businesses share the database.
let people: { ada: string; ben: string; cy: string; dee: string };
let businesses: { harbor: string; bay: string; other: string };
beforeAll(async () => {
  const [ada, ben, cy, dee] = await Promise.all([insertAuthUser(sql), insertAuthUser(sql), insertAuthUser(sql), insertAuthUser(sql)]);
  const [harbor, bay, other] = await Promise.all([
    insertBusiness(sql, { name: "Harbor Dental" }),
    insertBusiness(sql, { name: "Bay Clinic" }),
    insertBusiness(sql, { name: "Somebody else's" }),
  ]);
  people = { ada, ben, cy, dee };
  businesses = { harbor: harbor.id, bay: bay.id, other: other.id };
  const members = [
    { business_id: harbor.id, user_id: ada, role: "owner" },
    { business_id: bay.id, user_id: ada, role: "staff" },
    { business_id: harbor.id, user_id: ben, role: "staff" },
    { business_id: other.id, user_id: cy, role: "owner" },
  ];
  await sql`insert into business_members ${sql(members)}`;
});

const transports = [
  { name: "direct Postgres", open: () => createDirectTransport(inject("databaseUrl")) },
  { name: "supabase-js rpc", open: () => createRpcTransport(SUPABASE_URL, fakeSupabaseKey("service_role")) },
];

describe.each(transports)("a member's queries over $name run as the member, under RLS", ({ open }) => {
  const db: Database = createDatabase(open());
  beforeEach(() => server.use(postgrestRpcHandler(SUPABASE_URL, sql)));
  afterAll(() => db.close());
  const as = (userId: string) => db.asMember({ userId, accessToken: fakeAccessToken(userId) });

  it("lists exactly the member's businesses, with the role in each", async () => {
    expect(await as(people.ada).businesses()).toEqual([
      { id: businesses.bay, name: "Bay Clinic", timezone: "America/New_York", role: "staff" },
      { id: businesses.harbor, name: "Harbor Dental", timezone: "America/New_York", role: "owner" },
    ]);
    expect(await as(people.ben).businesses()).toEqual([{ id: businesses.harbor, name: "Harbor Dental", timezone: "America/New_York", role: "staff" }]);
    expect((await as(people.cy).businesses()).map((b) => b.id)).toEqual([businesses.other]);
    expect(await as(people.dee).businesses()).toEqual([]);
  });

  it("cannot call the server's functions as a member, and leaves the server's own calls as they were", async () => {
    const transport = open();
    const member = transport.asMember({ userId: people.ada, accessToken: fakeAccessToken(people.ada) });
    await expect(member.value("app_health")).rejects.toBeInstanceOf(DbError);
    await transport.close();
    expect((await db.health()).migrations).toBeGreaterThan(0);
    await expect(db.getBusiness(businesses.other)).resolves.toMatchObject({ name: "Somebody else's" });
  });
});

describe("the server's functions stay the server's", () => {
  it("member_businesses is not callable as service_role or anon: it answers only for a signed-in member", async () => {
    const [row] = await sql<{ service: boolean; anon: boolean; authenticated: boolean }[]>`
      select has_function_privilege('service_role', 'public.member_businesses()', 'execute') as service,
             has_function_privilege('anon', 'public.member_businesses()', 'execute') as anon,
             has_function_privilege('authenticated', 'public.member_businesses()', 'execute') as authenticated`;
    expect(row).toEqual({ service: false, anon: false, authenticated: true });
  });

  it("refuses a member id that is not a uuid before anything is sent", async () => {
    const db = createDatabase(createDirectTransport(inject("databaseUrl")));
    await expect(db.asMember({ userId: "1' or '1'='1" }).businesses()).rejects.toThrow("a member's userId must be a uuid");
    await db.close();
  });
});
