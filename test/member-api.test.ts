// The member API checks tokens as Supabase Auth issues them for this project (HS256 here, with the
// project's JWT secret); the database is still reached through DATABASE_URL.
process.env.SUPABASE_URL = "https://member-project.supabase.co";
process.env.SUPABASE_SERVICE_ROLE_KEY = "sb_secret_member_api_test_key_0123456789";
process.env.SUPABASE_JWT_SECRET = "member-api-test-jwt-secret-0123456789abcdef";

import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../api/member/businesses/index.js";
import { documentedBody } from "./support/openapi-check.js";
import { insertAuthUser, insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const now = () => Math.floor(Date.now() / 1000);

function token(userId: string, changes: Record<string, unknown> = {}, secret = process.env.SUPABASE_JWT_SECRET ?? "") {
  const claims = { iss: "https://member-project.supabase.co/auth/v1", aud: "authenticated", sub: userId, role: "authenticated", exp: now() + 3600, iat: now(), ...changes };
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

const list = (authorization?: string) => GET(new Request("http://localhost/api/member/businesses", { headers: authorization ? { authorization } : {} }));

let owner: string;
let stranger: string;
let business: { id: string };
beforeAll(async () => {
  [owner, stranger] = await Promise.all([insertAuthUser(sql), insertAuthUser(sql)]);
  business = await insertBusiness(sql, { name: "Harbor Dental" });
  await insertBusiness(sql, { name: "Not theirs" });
  await sql`insert into business_members (business_id, user_id, role) values (${business.id}, ${owner}, 'owner')`;
});

describe("GET /api/member/businesses", () => {
  it("lists the signed-in member's businesses, and nothing of anyone else's", async () => {
    const response = await list(`Bearer ${await token(owner)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await documentedBody(response, "get", "/api/member/businesses")).toEqual({ items: [{ id: business.id, name: "Harbor Dental", timezone: "America/New_York", role: "owner" }] });
    expect(await (await list(`Bearer ${await token(stranger)}`)).json()).toEqual({ items: [] });
  });

  it.each([
    ["no session", async () => undefined, "Authorization: send Bearer <the member's access token>"],
    ["a forged one", async () => `Bearer ${await token(owner, {}, "another-secret-another-secret-another-secret")}`, "Authorization: not a valid session"],
    ["an expired one", async () => `Bearer ${await token(owner, { exp: now() - 5 })}`, "Authorization: the session has expired; sign in again"],
    ["the anon key's kind of token", async () => `Bearer ${await token(owner, { role: "anon", aud: "anon" })}`, "Authorization: not a valid session"],
    ["the operator key", async () => `Bearer ${process.env.ADMIN_API_KEY ?? ""}`, "Authorization: not a valid session"],
  ])("refuses %s with 401 and names the header", async (_, header, message) => {
    const response = await list(await header());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="members"');
    expect(await documentedBody(response, "get", "/api/member/businesses")).toMatchObject({ error: { code: "unauthorized", message } });
  });
});
