import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callMemberApi, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { insertBusiness, testSql } from "./support/test-db.js";

// The dashboard's two busiest pages on a business with 10,000 calls among other tenants' (issue
// 12: calls page under 300 ms, overview under 500 ms): each is one statement that reads this
// business's calls through an index on business_id, never the whole table, so neither grows with
// other businesses' calls.

const sql = testSql();
const CALLS = 10_000;
let business: string;
let owner: string;
const neighbours: string[] = [];

beforeAll(async () => {
  business = (await insertBusiness(sql, { timezone: "America/Chicago" })).id;
  owner = await insertMember(sql, business, "owner");
  // Other tenants with as many calls between them as this one has, over a year: the table is
  // shared, and this business's pages must not read theirs.
  for (let i = 0; i < 3; i += 1) neighbours.push((await insertBusiness(sql)).id);
  await sql`
    insert into calls (business_id, vapi_call_id, status, started_at, duration_seconds)
    select (${sql.array(neighbours)}::uuid[])[1 + n % 3], gen_random_uuid()::text, 'ended', now() - make_interval(secs => n * 1577), 60
    from generate_series(1, 20000) as n`;
  // 10,000 calls over the last 60 days, a third of them booked (15 minutes each, a day later).
  await sql`
    insert into calls (business_id, vapi_call_id, status, started_at, ended_at, duration_seconds, booking_made, summary)
    select ${business}, gen_random_uuid()::text, 'ended', at, at + interval '2 minutes',
           case when n % 4 = 0 then 0 else 30 + n % 200 end, n % 3 = 0, 'Caller asked about opening hours.'
    from generate_series(1, ${CALLS}) as n
    cross join lateral (select now() - make_interval(secs => n * 518.4) as at) as t`;
  await sql`
    insert into bookings (business_id, call_id, customer_name, scheduled_at, duration_minutes)
    select business_id, id, 'Ada Lovelace', started_at + interval '1 day', 15 from calls where business_id = ${business} and booking_made`;
  await sql`analyze calls`;
  await sql`analyze bookings`;
}, 120_000);
afterAll(async () => {
  await sql`delete from businesses where id in ${sql([business, ...neighbours])}`;
  await sql.end();
});

/** The median of five timed requests, after one that warms the pool and the plan cache. */
async function medianMs(url: string): Promise<{ ms: number; roundTrips: number; status: number }> {
  const token = await memberToken(owner);
  await callMemberApi("GET", url, { token });
  const runs: { ms: number; roundTrips: number; status: number }[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const answer = await callMemberApi("GET", url, { token });
    runs.push({ ms: performance.now() - started, roundTrips: roundTripsOf(answer.headers), status: answer.status });
  }
  const sorted = runs.sort((a, b) => a.ms - b.ms);
  const median = sorted[2];
  if (!median) throw new Error("no runs");
  return median;
}

describe("the owner dashboard with 10,000 calls", () => {
  it("answers the first page of calls within 300 ms, in one round trip", async () => {
    const run = await medianMs(`/api/member/businesses/${business}/calls?limit=50`);
    expect(run).toMatchObject({ status: 200, roundTrips: 1 });
    expect(run.ms).toBeLessThan(300);
  });

  it("answers the overview within 500 ms, in one round trip", async () => {
    const run = await medianMs(`/api/member/businesses/${business}/overview`);
    expect(run).toMatchObject({ status: 200, roundTrips: 1 });
    expect(run.ms).toBeLessThan(500);
  });

  it("reads only this business's calls for the overview, through an index, never the whole table", async () => {
    // EXPLAIN of the function call shows only its result: explain its statement, as the member.
    const [fn] = await sql<{ body: string }[]>`select prosrc as body from pg_proc where oid = 'public.member_business_overview(uuid)'::regprocedure`;
    const statement = (fn?.body ?? "").replace(/\bp_business_id\b/g, `'${business}'::uuid`);
    const plan = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
      return tx.unsafe<{ "QUERY PLAN": string }[]>(`explain ${statement}`);
    });
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index (Only )?Scan (using|on) calls_business_id\w*_idx/);
    expect(text).not.toMatch(/Seq Scan on calls/);
  });
});
