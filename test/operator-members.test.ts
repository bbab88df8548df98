// Operators decide who may sign in to a business's dashboard: list, add (idempotently, or to change
// a role) and remove members. First behind a plain DATABASE_URL (nobody there can make users),
// then on the embedded database's stand-in for Supabase Auth (the test database has the same
// roles shim), where adding answers a one-time sign-in link. Supabase Auth: operator-members-supabase.test.ts.
process.env.LOCAL_SESSION_SECRET = "local-session-secret-for-tests-0123456789";

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as businesses } from "../api/member/businesses/index.js";
import { POST as signIn } from "../api/member/sign-in.js";
import { useLocalDatabase } from "../lib/env.js";
import type { AddedMember, BusinessMemberView } from "../lib/members/business-member-view.js";
import { callApi, errorMessage } from "./support/operator-api.js";
import { insertAuthUser, insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
const businessIds: string[] = [];
const emails: string[] = [];
afterAll(async () => {
  await sql`delete from businesses where id in ${sql(businessIds)}`;
  if (emails.length) await sql`delete from auth.users where email in ${sql(emails)}`;
  await sql.end();
});

const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";

async function business(name = "Harbor Dental"): Promise<string> {
  const { id } = await insertBusiness(sql, { name });
  businessIds.push(id);
  return id;
}

/** A user who exists already (as one invited or signed up earlier would), with this email. */
async function existingUser(email = newEmail()): Promise<{ id: string; email: string }> {
  const id = await insertAuthUser(sql);
  await sql`update auth.users set email = ${email} where id = ${id}`;
  return { id, email };
}

function newEmail(): string {
  const email = `member-${randomUUID()}@example.test`;
  emails.push(email);
  return email;
}

const add = (businessId: string, body: unknown) => callApi<AddedMember>("POST", `/api/businesses/${businessId}/members`, { body });
const list = (businessId: string) => callApi<{ items: BusinessMemberView[] }>("GET", `/api/businesses/${businessId}/members`);
const remove = (businessId: string, userId: string) => callApi("DELETE", `/api/businesses/${businessId}/members/${userId}`);

describe("the operator's member routes, behind a plain DATABASE_URL", () => {
  it("adds a registered user by email (in any case), idempotently, and a role change updates the one membership", async () => {
    const businessId = await business();
    const user = await existingUser();
    const first = await add(businessId, { email: user.email.toUpperCase(), role: "staff" });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ userId: user.id, email: user.email, role: "staff", invited: false });
    expect(first.body).not.toHaveProperty("signInUrl");
    const again = await add(businessId, { email: user.email, role: "staff" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const promoted = await add(businessId, { email: user.email, role: "owner" });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: user.id, role: "owner", addedAt: first.body.addedAt });
    const rows = await sql`select role from business_members where business_id = ${businessId}`;
    expect(rows).toEqual([{ role: "owner" }]);
  });

  it("lists owners first, then by email, and a business without members as empty", async () => {
    const businessId = await business();
    const [zed, amy, bob] = [await existingUser(`zed-${newEmail()}`), await existingUser(`amy-${newEmail()}`), await existingUser(`bob-${newEmail()}`)];
    for (const [user, role] of [[amy, "staff"], [zed, "owner"], [bob, "staff"]] as const) await add(businessId, { email: user.email, role });
    const listed = await list(businessId);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m) => `${m.role} ${m.email}`)).toEqual([`owner ${zed.email}`, `staff ${amy.email}`, `staff ${bob.email}`]);
    expect((await list(await business())).body).toEqual({ items: [] });
  });

  it("removes a member (204), keeps the user, and says 404 for one who is not a member", async () => {
    const businessId = await business();
    const user = await existingUser();
    await add(businessId, { email: user.email, role: "owner" });
    expect((await remove(businessId, user.id)).status).toBe(204);
    expect((await list(businessId)).body.items).toEqual([]);
    expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(1);
    const twice = await remove(businessId, user.id);
    expect(twice.status).toBe(404);
    expect(errorMessage(twice)).toBe(`user ${user.id} is not a member of business ${businessId}`);
  });

  it("cannot invite a new email without Supabase Auth, and says what to set", async () => {
    const answer = await add(await business(), { email: newEmail(), role: "staff" });
    expect(answer.status).toBe(503);
    expect(errorMessage(answer)).toContain("set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY");
  });

  it.each([
    [{ email: "not-an-email", role: "staff" }, "email: must be an email address"],
    [{ email: "ada@example.test", role: "admin" }, "role: must be owner or staff"],
    [{ email: "ada@example.test" }, "role: must be owner or staff"],
    [{ email: "ada@example.test", role: "staff", name: "Ada" }, 'Unrecognized key: "name"'],
  ])("refuses %j, naming the field", async (body, message) => {
    const answer = await add(await business(), body);
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toContain(message);
  });

  it("answers 404 for an unknown business, 400 for ids that are not uuids, 401 without the key", async () => {
    const user = await existingUser();
    expect((await add(UNKNOWN, { email: user.email, role: "staff" })).status).toBe(404);
    expect((await list(UNKNOWN)).status).toBe(404);
    expect((await remove(UNKNOWN, user.id)).status).toBe(404);
    expect(errorMessage(await list("nope"))).toBe("id: must be a uuid");
    expect(errorMessage(await remove(await business(), "nope"))).toBe("userId: must be a uuid");
    expect((await callApi("GET", `/api/businesses/${UNKNOWN}/members`, { key: null })).status).toBe(401);
    expect((await callApi("POST", `/api/businesses/${UNKNOWN}/members`, { key: "wrong-key-wrong-key-wrong", body: {} })).status).toBe(401);
  });

  it("makes sign-in links only on the embedded database", async () => {
    const businessId = await business();
    const user = await existingUser();
    await add(businessId, { email: user.email, role: "owner" });
    const answer = await callApi("POST", `/api/businesses/${businessId}/members/${user.id}/sign-in-link`);
    expect(answer.status).toBe(404);
    expect(errorMessage(answer)).toContain("only on npm start's embedded database");
  });
});

describe("the operator's member routes on the embedded database", () => {
  beforeAll(() => useLocalDatabase(inject("databaseUrl")));

  const signInWith = (url: string) => signIn(new Request("http://localhost/api/member/sign-in", { method: "POST", body: JSON.stringify({ link: url }) }));

  it("makes the user of a new email itself and answers a one-time link that signs them in as the member", async () => {
    const businessId = await business("Local Dental");
    const email = newEmail();
    const added = await add(businessId, { email, role: "staff" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email, role: "staff", invited: false, signInUrl: expect.stringMatching(/^https:\/\/receptionist\.example\/dashboard\/#sign-in=[\w-]+\.[\w-]+$/) });
    const [user] = await sql`select email, email_confirmed_at is not null as confirmed from auth.users where id = ${added.body.userId}`;
    expect(user).toEqual({ email, confirmed: true });

    const session = await signInWith(added.body.signInUrl ?? "");
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ userId: added.body.userId, email });
    expect((await signInWith(added.body.signInUrl ?? "")).status).toBe(401);

    // Adding again is the same user and membership, with a fresh link.
    const again = await add(businessId, { email: email.toUpperCase(), role: "staff" });
    expect(again.status).toBe(200);
    expect(again.body.userId).toBe(added.body.userId);
    expect(again.body.signInUrl).not.toBe(added.body.signInUrl);
    expect((await signInWith(again.body.signInUrl ?? "")).status).toBe(200);
  });

  it("takes a removed member's business out of the session they still hold", async () => {
    const businessId = await business("Removed Dental");
    const added = await add(businessId, { email: newEmail(), role: "owner" });
    const { accessToken } = (await (await signInWith(added.body.signInUrl ?? "")).json()) as { accessToken: string };
    const mine = async () => ((await (await businesses(new Request("http://localhost/api/member/businesses", { headers: { authorization: `Bearer ${accessToken}` } }))).json()) as { items: { id: string }[] }).items.map((b) => b.id);
    expect(await mine()).toEqual([businessId]);
    expect((await remove(businessId, added.body.userId)).status).toBe(204);
    expect(await mine()).toEqual([]);
  });

  it("makes one user of an email added to two businesses at once", async () => {
    const email = newEmail();
    const [first, second] = await Promise.all([add(await business(), { email, role: "owner" }), add(await business(), { email, role: "staff" })]);
    expect(first.body.userId).toBe(second.body.userId);
    expect(await sql`select id from auth.users where email = ${email}`).toHaveLength(1);
  });

  it("makes a fresh link for a member, and none for someone who is not one", async () => {
    const businessId = await business();
    const added = await add(businessId, { email: newEmail(), role: "owner" });
    const link = await callApi<{ url: string; expiresAt: string }>("POST", `/api/businesses/${businessId}/members/${added.body.userId}/sign-in-link`);
    expect(link.status).toBe(201);
    expect(new Date(link.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect((await signInWith(link.body.url)).status).toBe(200);
    const stranger = await existingUser();
    const refused = await callApi("POST", `/api/businesses/${businessId}/members/${stranger.id}/sign-in-link`);
    expect(refused.status).toBe(404);
    expect(errorMessage(refused)).toBe(`user ${stranger.id} is not a member of business ${businessId}`);
    expect((await callApi("POST", `/api/businesses/${UNKNOWN}/members/${stranger.id}/sign-in-link`)).status).toBe(404);
  });
});
