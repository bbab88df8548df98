import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDatabase } from "../lib/db/get-database.js";
import type { AddedMember, BusinessMemberView } from "../lib/members/business-member-view.js";
import { server } from "./support/msw-server.js";
import { callApi, errorMessage } from "./support/operator-api.js";
import { fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { insertBusiness, testSql } from "./support/test-db.js";

// A deployment on Supabase alone: no DATABASE_URL, the Data API (the msw PostgREST stand-in over the
// test database) and Supabase Auth's admin API, faked here as GoTrue answers it: /invite makes the
// user (in the test database's auth.users, as GoTrue writes its own table) and mails them; an email
// it already has is refused with email_exists; /admin/generate_link answers the user and mails nobody.
const SUPABASE_URL = "https://members-project.supabase.co";
const SERVICE_KEY = fakeSupabaseKey("service_role");
const sql = testSql();
beforeAll(() => {
  delete process.env.DATABASE_URL;
  process.env.SUPABASE_URL = SUPABASE_URL;
  process.env.SUPABASE_SERVICE_ROLE_KEY = SERVICE_KEY;
  // Set, and still never used: local sign-in is off wherever Supabase is configured.
  process.env.LOCAL_SESSION_SECRET = "local-session-secret-for-tests-0123456789";
});

const businessIds: string[] = [];
const emails: string[] = [];
afterAll(async () => {
  await sql`delete from businesses where id in ${sql(businessIds)}`;
  if (emails.length) await sql`delete from auth.users where email in ${sql(emails)}`;
  await sql.end();
});

interface Mail {
  to: string;
  redirectTo: string | null;
}
/** What Supabase Auth mailed, and every request it got (so a test can say what was not asked). */
let mails: Mail[];
let calls: string[];
/** Emails whose invitation loses a race: another request registers the user just before. */
const losesRace = new Set<string>();

function gotrueUser(row: { id: string; email: string }) {
  return { id: row.id, aud: "authenticated", role: "authenticated", email: row.email, app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {}, identities: [] };
}

async function userByEmail(email: string): Promise<{ id: string; email: string } | undefined> {
  const [row] = await sql<{ id: string; email: string }[]>`select id, email from auth.users where lower(email) = lower(${email})`;
  return row;
}

async function registerUser(email: string): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  await sql`insert into auth.users (id, aud, role, email, email_confirmed_at) values (${id}, 'authenticated', 'authenticated', ${email}, now())`;
  return { id, email };
}

const VERSION = { "x-supabase-api-version": "2024-01-01" };
const supabaseAuth = [
  http.post(`${SUPABASE_URL}/auth/v1/invite`, async ({ request }) => {
    calls.push("invite");
    if (request.headers.get("authorization") !== `Bearer ${SERVICE_KEY}` || request.headers.get("apikey") !== SERVICE_KEY) {
      return HttpResponse.json({ code: "no_authorization", message: "This endpoint requires a valid Bearer token" }, { status: 401, headers: VERSION });
    }
    const { email } = (await request.json()) as { email: string };
    if (losesRace.has(email)) await registerUser(email);
    if (await userByEmail(email)) {
      return HttpResponse.json({ code: "email_exists", message: "A user with this email address has already been registered" }, { status: 422, headers: VERSION });
    }
    const user = await registerUser(email.toLowerCase());
    mails.push({ to: email, redirectTo: new URL(request.url).searchParams.get("redirect_to") });
    return HttpResponse.json(gotrueUser(user), { headers: VERSION });
  }),
  http.post(`${SUPABASE_URL}/auth/v1/admin/generate_link`, async ({ request }) => {
    calls.push("generate_link");
    const { type, email } = (await request.json()) as { type: string; email: string };
    const user = type === "magiclink" ? await userByEmail(email) : undefined;
    if (!user) return HttpResponse.json({ code: "user_not_found", message: "User not found" }, { status: 404, headers: VERSION });
    return HttpResponse.json({ ...gotrueUser(user), action_link: `${SUPABASE_URL}/auth/v1/verify?token=unused`, email_otp: "123456", hashed_token: "h", redirect_to: "", verification_type: "magiclink" }, { headers: VERSION });
  }),
];

beforeEach(() => {
  mails = [];
  calls = [];
  server.use(postgrestRpcHandler(SUPABASE_URL, sql), ...supabaseAuth);
});

async function business(): Promise<string> {
  const { id } = await insertBusiness(sql, { name: "Supabase Dental" });
  businessIds.push(id);
  return id;
}

function newEmail(): string {
  const email = `invitee-${randomUUID()}@example.test`;
  emails.push(email);
  return email;
}

const add = (businessId: string, body: unknown) => callApi<AddedMember>("POST", `/api/businesses/${businessId}/members`, { body });

describe("members on Supabase: invited through Supabase Auth's admin API", () => {
  it("invites a new email once, to the dashboard; adding it again or with another role mails nobody", async () => {
    expect((await getDatabase()).transport).toBe("supabase");
    const businessId = await business();
    const email = newEmail();
    const invited = await add(businessId, { email, role: "owner" });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: "owner", invited: true });
    expect(invited.body).not.toHaveProperty("signInUrl");
    expect(mails).toEqual([{ to: email, redirectTo: "https://receptionist.example/dashboard/" }]);

    const again = await add(businessId, { email, role: "owner" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...invited.body, invited: false });
    const demoted = await add(businessId, { email: email.toUpperCase(), role: "staff" });
    expect(demoted.body).toMatchObject({ userId: invited.body.userId, role: "staff", invited: false });
    // Found in the database the second and third time: Supabase Auth was asked once.
    expect(calls).toEqual(["invite"]);
    expect(mails).toHaveLength(1);

    const listed = await callApi<{ items: BusinessMemberView[] }>("GET", `/api/businesses/${businessId}/members`);
    expect(listed.body.items).toEqual([{ userId: invited.body.userId, email, role: "staff", addedAt: invited.body.addedAt, updatedAt: demoted.body.updatedAt }]);
    expect((await callApi("DELETE", `/api/businesses/${businessId}/members/${invited.body.userId}`)).status).toBe(204);
  });

  it("adds someone Supabase Auth already knows to another business without a second email", async () => {
    const email = newEmail();
    const first = await add(await business(), { email, role: "owner" });
    const second = await add(await business(), { email, role: "staff" });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ userId: first.body.userId, invited: false });
    expect(mails).toHaveLength(1);
  });

  it("finds the user through generateLink when the email was registered between the lookup and the invitation", async () => {
    const email = newEmail();
    losesRace.add(email);
    const added = await add(await business(), { email, role: "staff" });
    expect(added.status).toBe(201);
    expect(calls).toEqual(["invite", "generate_link"]);
    expect(mails).toEqual([]);
    expect(added.body).toMatchObject({ userId: (await userByEmail(email))?.id, invited: false });
  });

  it("says what went wrong when Supabase Auth refuses, without its own words", async () => {
    const businessId = await business();
    const refuse = (status: number, code: string) =>
      server.use(http.post(`${SUPABASE_URL}/auth/v1/invite`, () => HttpResponse.json({ code, message: "internal detail" }, { status, headers: VERSION })));
    refuse(429, "over_email_send_rate_limit");
    const limited = await add(businessId, { email: newEmail(), role: "staff" });
    expect(limited.status).toBe(429);
    expect(errorMessage(limited)).toContain("too many emails");
    refuse(400, "email_address_invalid");
    const invalid = await add(businessId, { email: newEmail(), role: "staff" });
    expect(invalid.status).toBe(400);
    expect(errorMessage(invalid)).toBe("email: Supabase Auth does not accept this email address");
    refuse(401, "no_authorization");
    const refused = await add(businessId, { email: newEmail(), role: "staff" });
    expect(refused.status).toBe(502);
    expect(errorMessage(refused)).toContain("check SUPABASE_SERVICE_ROLE_KEY");
    server.use(http.post(`${SUPABASE_URL}/auth/v1/invite`, () => HttpResponse.error()));
    const down = await add(businessId, { email: newEmail(), role: "staff" });
    expect(down.status).toBe(503);
    for (const answer of [limited, invalid, refused, down]) expect(errorMessage(answer)).not.toContain("internal detail");
    expect(await sql`select 1 from business_members where business_id = ${businessId}`).toHaveLength(0);
  });

  it("has no sign-in links and no local sign-in: members sign in through Supabase Auth", async () => {
    const businessId = await business();
    const added = await add(businessId, { email: newEmail(), role: "owner" });
    expect((await callApi("POST", `/api/businesses/${businessId}/members/${added.body.userId}/sign-in-link`)).status).toBe(404);
    const { POST: signIn } = await import("../api/member/sign-in.js");
    expect((await signIn(new Request("http://localhost/api/member/sign-in", { method: "POST", body: '{"link": "x"}' }))).status).toBe(404);
  });
});
