// A `[id]` route file runs on Vercel with one of two URLs: the one the client sent
// (/api/businesses/<id>/calls) or the one Vercel's router rewrote it to, where the path is the
// route file's own (/api/businesses/[id]/calls?id=<id>). `npm run check:vercel` shows the
// rewrite on a real build; here every dynamic route and method is called both ways in-process.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRouteModule, readRouteTable } from "../scripts/local-server/route-table.js";
import { insertMember, memberRequest, memberToken } from "./support/member-api.js";
import { operatorRequest } from "./support/operator-request.js";
import { repoRoot } from "./support/run-command.js";
import { insertAuthUser, insertBookingRow, insertBusiness, insertCallRow, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const dynamicRoutes = (await readRouteTable(path.join(repoRoot, "api"))).filter((route) => route.segments.some((s) => s === "[id]"));
const fileOf = (route: { file: string }) => path.relative(path.join(repoRoot, "api"), route.file).split(path.sep).join("/");

interface Case {
  method: string;
  body?: unknown;
  query?: string;
  /** Fields that differ between two answers by design (a fresh signed link, a new updatedAt). */
  volatile?: string[];
}

/** The other dynamic segments' values (the business's is the test's id): a user who is no member. */
const OTHER_PARAMS: Record<string, () => string> = { userId: () => "0b0e4a4e-0000-4000-8000-0000000000aa" };
/** A member of the test's business already, so that adding them is the same 200 under both URLs. */
const MEMBER_EMAIL = `member-${randomUUID()}@example.test`;

/** Every method of every dynamic route file, with a request an operator would send. */
const CASES: Record<string, Case[]> = {
  "businesses/[id]/index.ts": [{ method: "GET" }, { method: "PATCH", body: { greeting: "Hello from both URLs" }, volatile: ["updatedAt"] }],
  "businesses/[id]/calls.ts": [{ method: "GET" }, { method: "GET", query: "limit=1&status=ended" }],
  "businesses/[id]/bookings.ts": [{ method: "GET" }, { method: "GET", query: "limit=1&status=confirmed" }],
  "businesses/[id]/connect-link.ts": [{ method: "POST", volatile: ["url", "expiresAt"] }],
  "businesses/[id]/calcom.ts": [{ method: "GET" }, { method: "PUT", body: {} }, { method: "PATCH", body: { eventTypeId: 0 } }],
  // Adding a member again is the same 200 twice, removing a user who is no member the same 404;
  // sign-in links are a 404 off the embedded database.
  "businesses/[id]/members/index.ts": [{ method: "GET" }, { method: "POST", body: { email: MEMBER_EMAIL, role: "staff" } }],
  "businesses/[id]/members/[userId]/index.ts": [{ method: "DELETE" }],
  "businesses/[id]/members/[userId]/sign-in-link.ts": [{ method: "POST" }],
  "calls/[id].ts": [{ method: "GET" }],
  "member/businesses/[id]/overview.ts": [{ method: "GET" }],
  "member/businesses/[id]/calls/index.ts": [{ method: "GET" }, { method: "GET", query: "limit=1&status=ended" }],
  "member/businesses/[id]/calls/[callId].ts": [{ method: "GET" }],
  "member/businesses/[id]/bookings.ts": [{ method: "GET" }, { method: "GET", query: "limit=1&when=past" }],
  "member/businesses/[id]/settings.ts": [{ method: "GET" }, { method: "PATCH", body: { greeting: "Hello from both URLs" } }],
  "member/businesses/[id]/calendar/index.ts": [{ method: "GET" }],
  "member/businesses/[id]/calendar/default-event-type.ts": [{ method: "PUT", body: { eventTypeId: 1 } }],
  "member/businesses/[id]/calendar/connect.ts": [{ method: "POST", volatile: ["url", "expiresAt"] }],
};

/** The URL a client sends, and the one Vercel's routes hand the function for it (every
 *  dynamic segment's value in the query, under the segment's name). */
function urlsFor(file: string, ids: Record<string, string>, query = ""): { original: string; rewritten: string } {
  const route = file.replace(/\.ts$/, "");
  const names = [...route.matchAll(/\[(\w+)\]/g)].map(([, name]) => name ?? "");
  const original = `/api/${route.replace(/\/index$/, "").replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(ids[name] ?? OTHER_PARAMS[name]?.() ?? ""))}`;
  const rewritten = `/api/${route}?${names.map((name) => `${name}=${encodeURIComponent(ids[name] ?? OTHER_PARAMS[name]?.() ?? "")}`).join("&")}`;
  return { original: query ? `${original}?${query}` : original, rewritten: query ? `${rewritten}&${query}` : rewritten };
}

/** Operator routes take the operator key; member routes the token of an owner of the business. */
async function answer(file: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const route = dynamicRoutes.find((r) => fileOf(r) === file);
  const handler = route && (await loadRouteModule(route.file)).get(method);
  if (!handler) throw new Error(`${file} has no ${method} handler`);
  const request = file.startsWith("member/") ? memberRequest(url, { method, body, token: ownerToken }) : operatorRequest(url, { method, body });
  const response = await handler(request);
  return { status: response.status, body: await response.json() };
}

/** The ids a file's URL takes: its business's, or its call's. */
function idsFor(file: string): Record<string, string> {
  if (file.startsWith("calls/")) return { id: callId };
  return { id: businessId, callId };
}

function withoutVolatile(body: unknown, volatile: string[] = []): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, volatile.includes(key) ? "(differs by design)" : value]));
}

let businessId: string;
let callId: string;
let ownerToken: string;
let memberId: string;

beforeAll(async () => {
  businessId = (await insertBusiness(sql)).id;
  ownerToken = await memberToken(await insertMember(sql, businessId, "owner"));
  memberId = await insertAuthUser(sql);
  await sql`update auth.users set email = ${MEMBER_EMAIL} where id = ${memberId}`;
  await sql`insert into public.business_members (business_id, user_id, role) values (${businessId}, ${memberId}, 'staff')`;
  callId = await insertCallRow(sql, businessId, "2026-03-02T15:00:00Z");
  await insertBookingRow(sql, businessId, { call_id: callId, scheduled_at: "2026-03-03T15:00:00Z", status: "confirmed" });
});
afterAll(async () => {
  await sql`delete from public.businesses where id = ${businessId}`;
  await sql`delete from auth.users where id = ${memberId}`;
});

describe("dynamic routes answer the same under the original and Vercel's rewritten URL", () => {
  it("covers every method of every [id] route file", async () => {
    const exported = await Promise.all(dynamicRoutes.map(async (route) => [fileOf(route), [...(await loadRouteModule(route.file)).keys()].sort()] as const));
    const covered = Object.entries(CASES).map(([file, cases]) => [file, [...new Set(cases.map((c) => c.method))].sort()] as const);
    expect(Object.fromEntries(exported)).toEqual(Object.fromEntries(covered));
  });

  const cases = Object.entries(CASES).flatMap(([file, list]) => list.map((c) => [`${c.method} ${file}${c.query ? `?${c.query}` : ""}`, file, c] as const));

  it.each(cases)("%s", async (_name, file, c) => {
    const { original, rewritten } = urlsFor(file, idsFor(file), c.query);
    const first = await answer(file, c.method, original, c.body);
    const second = await answer(file, c.method, rewritten, c.body);
    expect(first.status, JSON.stringify(first.body)).toBeLessThan(500);
    expect({ status: second.status, body: withoutVolatile(second.body, c.volatile) }).toEqual({ status: first.status, body: withoutVolatile(first.body, c.volatile) });
  });

  it.each(dynamicRoutes.map((route) => [fileOf(route)]))("%s: an unknown id is a 404 and a malformed one a 400 under both URLs", async (file) => {
    const method = CASES[file]?.[0]?.method ?? "GET";
    for (const [id, status] of [["0b0e4a4e-0000-4000-8000-000000000000", 404], ["not-a-uuid", 400]] as const) {
      const { original, rewritten } = urlsFor(file, { id, callId: id });
      const answers = [await answer(file, method, original, CASES[file]?.[0]?.body), await answer(file, method, rewritten, CASES[file]?.[0]?.body)];
      expect(answers.map((a) => a.status)).toEqual([status, status]);
      expect(answers[1]?.body).toEqual(answers[0]?.body);
    }
  });

  it("reads the id from the query only when the path holds the route file's own [id]", async () => {
    const { original } = urlsFor("businesses/[id]/index.ts", { id: businessId });
    const decoy = await answer("businesses/[id]/index.ts", "GET", `${original}?id=0b0e4a4e-0000-4000-8000-000000000000`);
    expect(decoy.status).toBe(200);
    expect(decoy.body).toMatchObject({ id: businessId });
    const missing = await answer("businesses/[id]/index.ts", "GET", "/api/businesses/[id]/index");
    expect(missing.status).toBe(404);
    // A client's own ?id= beside the rewrite's: the same id is fine, another one is refused.
    const same = await answer("businesses/[id]/index.ts", "GET", `/api/businesses/[id]/index?id=${businessId}&id=${businessId}`);
    expect(same).toMatchObject({ status: 200, body: { id: businessId } });
    const other = await answer("businesses/[id]/index.ts", "GET", `/api/businesses/[id]/index?id=${businessId}&id=0b0e4a4e-0000-4000-8000-000000000000`);
    expect(other).toMatchObject({ status: 400, body: { error: { message: "id: the path and the query name different ids" } } });
  });
});
