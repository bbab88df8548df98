// Links this file hands out point here; set before lib/env.ts first parses the environment.
process.env.PUBLIC_BASE_URL = "https://receptionist.example";

import { afterAll, describe, expect, it } from "vitest";
import { GET as connectRoute } from "../api/calcom/connect.js";
import { GET as callbackRoute } from "../api/calcom/oauth.js";
import { createConnectLink } from "../lib/connections/create-connect-link.js";
import { startCalcomConnect } from "../lib/connections/start-calcom-connect.js";
import { getDatabase } from "../lib/db/get-database.js";
import { answers } from "./mocks/calcom-answers.js";
import { documentedBody } from "./support/openapi-check.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { loadRecordedFixtures } from "./support/recorded-fixtures.js";
import { insertBusiness, testSql } from "./support/test-db.js";

/** The two browser routes, each answer also checked against the OpenAPI document. */
async function documented(response: Response, path: string): Promise<Response> {
  await documentedBody(response.clone(), "get", path);
  return response;
}
const connect = async (request: Request) => documented(await connectRoute(request), "/api/calcom/connect");
const callback = async (request: Request) => documented(await callbackRoute(request), "/api/calcom/oauth");

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

async function linkFor(businessId: string): Promise<string> {
  const link = await createConnectLink(await getDatabase(), { businessId, baseUrl: "https://receptionist.example" });
  return new URL(link?.url ?? "").searchParams.get("link") ?? "";
}

/** The owner's browser: opens the link, follows the redirect to Cal.com, keeps the cookie. */
async function openLink(link: string) {
  const response = await connect(new Request(`https://receptionist.example/api/calcom/connect?link=${encodeURIComponent(link)}`));
  const location = new URL(response.headers.get("location") ?? "about:blank");
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { response, location, setCookie, cookie: setCookie.split(";")[0] ?? "", state: location.searchParams.get("state") ?? "" };
}

/** Cal.com sends the browser back to our callback. */
function comeBack(query: Record<string, string>, cookie?: string) {
  const url = `https://receptionist.example/api/calcom/oauth?${new URLSearchParams(query)}`;
  return callback(new Request(url, { headers: cookie ? { cookie } : {} }));
}

const stored = async (businessId: string) => {
  const [row] = await sql`
    select b.calcom_status, b.calcom_default_event_type_id, (select to_jsonb(c)::text from calcom_credentials c where c.business_id = b.id) as credentials,
           (select count(*)::int from calcom_event_types e where e.business_id = b.id) as event_types
    from businesses b where b.id = ${businessId}`;
  return row;
};

describe("connecting Cal.com with OAuth", () => {
  it("goes from the connect link to Cal.com's consent page and back, storing the connection sealed", async () => {
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    expect(start.response.status).toBe(302);
    expect(`${start.location.origin}${start.location.pathname}`).toBe("https://app.cal.com/auth/oauth2/authorize");
    expect(Object.fromEntries(start.location.searchParams)).toMatchObject({
      client_id: "test-calcom-client-id",
      redirect_uri: "https://receptionist.example/api/calcom/oauth",
      scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE SCHEDULE_READ PROFILE_READ",
    });
    expect(start.location.searchParams.has("code_challenge")).toBe(false); // confidential client: secret, no PKCE
    expect(start.location.toString()).not.toContain(id);
    expect(start.setCookie).toMatch(/^calcom_oauth=[\w-]{43}; HttpOnly; SameSite=Lax; Path=\/api\/calcom; Max-Age=600; Secure$/);

    const done = await comeBack({ code: "auth-code-1", state: start.state }, start.cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`https://receptionist.example/dashboard/?calcom=connected#/b/${id}/calendar`);
    expect(done.headers.get("set-cookie")).toContain("Max-Age=0");

    const [exchange] = calcom.requestsTo("POST /v2/auth/oauth2/token");
    expect(exchange?.body).toMatchObject({ grant_type: "authorization_code", code: "auth-code-1", client_secret: "test-calcom-client-secret-0123456789" });
    expect(exchange?.body).not.toHaveProperty("code_verifier");
    expect(calcom.requestsTo("GET /v2/me")).toHaveLength(1);
    expect(calcom.requestsTo("GET /v2/event-types")).toHaveLength(1);

    const row = await stored(id);
    expect(row).toMatchObject({ calcom_status: "connected", event_types: 2 });
    expect(row?.calcom_default_event_type_id).not.toBeNull();
    expect(row?.credentials).not.toContain("access-1");
    expect(row?.credentials).not.toContain("refresh-1");
  });

  it("connects an owner whose Cal.com account answers /v2/me without a name, as live accounts do (recorded 2025)", async () => {
    // test/fixtures/calcom-recorded/001: no name, avatarUrl or bio; organizationId null.
    const recorded = loadRecordedFixtures<{ body: { data: { id: number; username: string; email: string } } }>("calcom-recorded").find((f) => f.file.startsWith("001-"));
    const me = recorded?.content.body;
    expect(me?.data).not.toHaveProperty("name");
    calcom.answer("GET /v2/me", { status: 200, rawBody: JSON.stringify(me), offSpec: "a live answer: no name, avatarUrl or bio" });
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    const done = await comeBack({ code: "auth-code-no-name", state: start.state }, start.cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`https://receptionist.example/dashboard/?calcom=connected#/b/${id}/calendar`);
    expect(await stored(id)).toMatchObject({ calcom_status: "connected", event_types: 2 });
    const [account] = await sql`select calcom_user_id::int as calcom_user_id, calcom_username, calcom_email, calcom_name from calcom_credentials where business_id = ${id}`;
    // The owner's dashboard shows the account by email and name; without a name, by email alone.
    expect(account).toEqual({ calcom_user_id: me?.data.id, calcom_username: me?.data.username, calcom_email: me?.data.email, calcom_name: null });
  });

  it("stores nothing when the owner denies access", async () => {
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    const denied = await comeBack({ error: "access_denied", error_description: "The user denied access", state: start.state }, start.cookie);
    expect(denied.status).toBe(200);
    expect(await denied.text()).toContain("nothing was connected");
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(0);
    expect(await stored(id)).toMatchObject({ calcom_status: "not_connected", credentials: null });
  });

  it("refuses a forged state", async () => {
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    const forged = `${start.state.slice(0, -4)}AAAA`;
    const response = await comeBack({ code: "auth-code-2", state: forged }, start.cookie);
    expect(response.status).toBe(400);
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(0);
    expect((await stored(id))?.credentials).toBeNull();
  });

  it("refuses a replayed state: the second callback exchanges nothing", async () => {
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    expect((await comeBack({ code: "auth-code-3", state: start.state }, start.cookie)).status).toBe(302);
    const replay = await comeBack({ code: "auth-code-4", state: start.state }, start.cookie);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already used");
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(1);
  });

  it("refuses an expired state", async () => {
    const { id } = await insertBusiness(sql);
    const link = await linkFor(id);
    // An attempt started 11 minutes ago: its state (10 minutes) has run out.
    const started = await startCalcomConnect(await getDatabase(), { link, now: new Date(Date.now() - 11 * 60_000) });
    if (started.kind !== "redirect") throw new Error(`expected a redirect, got ${started.kind}`);
    const state = new URL(started.location).searchParams.get("state") ?? "";
    const response = await comeBack({ code: "auth-code-5", state }, `calcom_oauth=${started.browserNonce}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("longer than 10 minutes");
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(0);
  });

  it("refuses a callback in another browser (no cookie) without burning the attempt", async () => {
    const { id } = await insertBusiness(sql);
    const start = await openLink(await linkFor(id));
    const elsewhere = await comeBack({ code: "auth-code-6", state: start.state });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("different browser");
    expect((await comeBack({ code: "auth-code-6", state: start.state }, start.cookie)).status).toBe(302);
  });

  it("shows what to do and stores nothing when Cal.com refuses the code", async () => {
    const { id } = await insertBusiness(sql);
    calcom.answer("POST /v2/auth/oauth2/token", answers.invalidGrant("code_invalid_or_expired"));
    const start = await openLink(await linkFor(id));
    const failed = await comeBack({ code: "stale-code", state: start.state }, start.cookie);
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain("Nothing was saved");
    expect((await stored(id))?.credentials).toBeNull();
  });

  it("lets a connect link connect once: opening it again afterwards is refused", async () => {
    const { id } = await insertBusiness(sql);
    const link = await linkFor(id);
    const start = await openLink(link);
    expect((await comeBack({ code: "auth-code-7", state: start.state }, start.cookie)).status).toBe(302);
    const again = await connect(new Request(`https://receptionist.example/api/calcom/connect?link=${encodeURIComponent(link)}`));
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
  });

  it("refuses a second attempt from the same link once the first has connected", async () => {
    const { id } = await insertBusiness(sql);
    const link = await linkFor(id);
    const first = await openLink(link);
    const second = await openLink(link); // e.g. a second tab, opened before the first finished
    expect((await comeBack({ code: "auth-code-8", state: first.state }, first.cookie)).status).toBe(302);
    expect((await comeBack({ code: "auth-code-9", state: second.state }, second.cookie)).status).toBe(400);
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(1);
  });

  it("answers an invalid or expired connect link with a page that says what to do", async () => {
    const bad = await connect(new Request("https://receptionist.example/api/calcom/connect?link=not-a-real-link"));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("text/html");
    expect(await bad.text()).toContain("Ask the person who sent you this link for a new one.");
  });
});
