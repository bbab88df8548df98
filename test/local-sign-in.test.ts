// The local sign-in of npm start's embedded database: one-time links become 12-hour sessions, and
// nowhere else does any of it work. In-process here the test database stands in for the embedded
// one (it has the same roles shim); the last part runs a real `npm start` on a new embedded database.
process.env.LOCAL_SESSION_SECRET = "local-session-secret-for-tests-0123456789";

import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { POST as signIn } from "../api/member/sign-in.js";
import { GET as config } from "../api/member/config.js";
import { GET as businesses } from "../api/member/businesses/index.js";
import { createSignInLink } from "../lib/auth/create-sign-in-link.js";
import { localSignInSecret, LOCAL_ISSUER } from "../lib/auth/local-sign-in.js";
import { memberSignInConfig } from "../lib/auth/member-config.js";
import { signToken } from "../lib/crypto/signed-token.js";
import { EnvError, parseEnv, useLocalDatabase } from "../lib/env.js";
import { DEMO_BUSINESS_ID } from "../scripts/demo-business.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { freePort } from "./support/free-port.js";
import { server } from "./support/msw-server.js";
import { documentedBody } from "./support/openapi-check.js";
import { startService } from "./support/service-process.js";
import { insertAuthUser, insertBusiness, testSql } from "./support/test-db.js";

const defer = deferredCleanup();
const sql = testSql();
defer(() => sql.end());

const secrets = {
  ADMIN_API_KEY: "a".repeat(32),
  VAPI_WEBHOOK_SECRET: "v".repeat(20),
  SIGNING_SECRET: "s".repeat(40),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  LOCAL_SESSION_SECRET: "l".repeat(40),
};

const post = (body: unknown) => signIn(new Request("http://localhost/api/member/sign-in", { method: "POST", body: JSON.stringify(body) }));
const tokenOf = (url: string) => url.slice(url.indexOf("#sign-in=") + "#sign-in=".length);

/** A public anon key as Supabase's legacy keys are: a JWT whose role is anon. */
function legacyKey(role: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: "supabase", ref: "abc", role, iat: 1, exp: 2_000_000_000 })}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("local sign-in is off unless this process runs the database npm start started", () => {
  it("is off on a DATABASE_URL merely set in the environment, even with LOCAL_SESSION_SECRET: sign-in is a 404, the config says none", async () => {
    expect(localSignInSecret()).toBeUndefined();
    const refused = await post({ link: "anything" });
    expect(refused.status).toBe(404);
    expect(await documentedBody(refused, "post", "/api/member/sign-in")).toMatchObject({ error: { code: "not_found", message: expect.stringContaining("npm start's embedded database") } });
    expect(await documentedBody(await config(new Request("http://localhost/api/member/config")), "get", "/api/member/config")).toEqual({ signIn: "none" });
  });

  it("leaves the member routes without any sign-in, which they say (503), rather than taking a local session", async () => {
    const answer = await businesses(new Request("http://localhost/api/member/businesses", { headers: { authorization: "Bearer a.b.c" } }));
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ error: { message: expect.stringContaining("member sign-in is not configured: set SUPABASE_URL") } });
  });

  it("is refused in production by name, on Vercel too, without repeating the value", () => {
    for (const production of [{ NODE_ENV: "production" }, { VERCEL: "1" }]) {
      const error = envError({ ...secrets, ...production, DATABASE_URL: "postgres://u@db.example.com/app" });
      expect(error.variables).toEqual(["LOCAL_SESSION_SECRET"]);
      expect(error.message).toContain("LOCAL_SESSION_SECRET: must not be set in production");
      expect(error.message).not.toContain(secrets.LOCAL_SESSION_SECRET);
    }
  });

  it("takes only a public Supabase key as SUPABASE_ANON_KEY (it is handed to browsers)", () => {
    const supabase = { ...secrets, SUPABASE_URL: "https://abc.supabase.co", SUPABASE_SERVICE_ROLE_KEY: "sb_secret_0123456789abcdefghij" };
    expect(parseEnv({ ...supabase, SUPABASE_ANON_KEY: "sb_publishable_0123456789abcdef" }).SUPABASE_ANON_KEY).toBe("sb_publishable_0123456789abcdef");
    expect(parseEnv({ ...supabase, SUPABASE_ANON_KEY: legacyKey("anon") }).SUPABASE_ANON_KEY).toBe(legacyKey("anon"));
    for (const secret of ["sb_secret_0123456789abcdefghij", legacyKey("service_role"), "not-a-key-at-all-0123456789"]) {
      const error = envError({ ...supabase, SUPABASE_ANON_KEY: secret });
      expect(error.variables).toEqual(["SUPABASE_ANON_KEY"]);
      expect(error.message).not.toContain(secret);
    }
    expect(envError({ ...secrets, SUPABASE_ANON_KEY: "sb_publishable_0123456789abcdef" }).message).toContain("SUPABASE_URL: is required when SUPABASE_ANON_KEY is set");
  });
});

describe("on the embedded database", () => {
  let ownerId: string;
  let businessId: string;
  beforeAll(async () => {
    useLocalDatabase(inject("databaseUrl"));
    ownerId = await insertAuthUser(sql);
    businessId = (await insertBusiness(sql, { name: "Local Dental" })).id;
    await sql`insert into business_members (business_id, user_id, role) values (${businessId}, ${ownerId}, 'owner')`;
  });
  afterAll(async () => {
    await sql`delete from businesses where id = ${businessId}`;
    await sql`delete from auth.users where id = ${ownerId}`;
  });
  const link = (userId = ownerId, now?: Date) => createSignInLink({ userId, baseUrl: "http://localhost:3000", now });

  it("is on, and a Supabase configuration beside the same database never turns it on", () => {
    expect(localSignInSecret()).toBe(process.env.LOCAL_SESSION_SECRET);
    expect(memberSignInConfig()).toEqual({ signIn: "local" });
    const supabase = parseEnv({
      ...secrets,
      DATABASE_URL: inject("databaseUrl"),
      SUPABASE_URL: "https://abc.supabase.co",
      SUPABASE_SERVICE_ROLE_KEY: "sb_secret_0123456789abcdefghij",
      SUPABASE_ANON_KEY: "sb_publishable_0123456789abcdef",
    });
    expect(localSignInSecret(supabase)).toBeUndefined();
    expect(memberSignInConfig(supabase)).toEqual({ signIn: "supabase", supabaseUrl: "https://abc.supabase.co", supabaseAnonKey: "sb_publishable_0123456789abcdef" });
    expect(localSignInSecret(parseEnv({ ...secrets, DATABASE_URL: `${inject("databaseUrl")}?other=1` }))).toBeUndefined();
  });

  it("turns a link into a 12-hour session shaped like Supabase Auth's, which the member routes accept", async () => {
    const answer = await post({ link: tokenOf(link().url) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const session = (await documentedBody(answer, "post", "/api/member/sign-in")) as { accessToken: string; expiresAt: string; userId: string; email: string };
    expect(session).toMatchObject({ userId: ownerId, email: `${ownerId}@example.test` });
    const claims = decodeJwt(session.accessToken);
    expect(claims).toMatchObject({ iss: LOCAL_ISSUER, aud: "authenticated", role: "authenticated", sub: ownerId, email: `${ownerId}@example.test` });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(12 * 3600);
    expect(new Date(session.expiresAt).getTime()).toBe((claims.exp ?? 0) * 1000);
    const listed = await businesses(new Request("http://localhost/api/member/businesses", { headers: { authorization: `Bearer ${session.accessToken}` } }));
    expect(await listed.json()).toEqual({ items: [{ id: businessId, name: "Local Dental", timezone: "America/New_York", role: "owner" }] });
  });

  it("takes the whole link as well as its token", async () => {
    expect((await post({ link: link().url })).status).toBe(200);
  });

  it("signs in once: a used link is refused, also when two requests race with it", async () => {
    const once = tokenOf(link().url);
    const answers = await Promise.all([post({ link: once }), post({ link: once }), post({ link: once })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    const again = await post({ link: once });
    expect(again.status).toBe(401);
    expect(again.headers.get("www-authenticate")).toBe('Bearer realm="members"');
    expect(await documentedBody(again, "post", "/api/member/sign-in")).toMatchObject({ error: { code: "unauthorized", message: expect.stringContaining("link: this sign-in link was already used") } });
  });

  it("refuses an expired link, saying so", async () => {
    const old = link(ownerId, new Date(Date.now() - 16 * 60_000));
    const answer = await post({ link: tokenOf(old.url) });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { message: expect.stringContaining("link: this sign-in link has expired (links work for 15 minutes)") } });
  });

  it.each([
    ["whose signature was changed", () => `${tokenOf(link().url).slice(0, -4)}AAAA`],
    ["whose user was changed", () => {
      const [body = "", signature = ""] = tokenOf(link().url).split(".");
      const edited = JSON.parse(Buffer.from(body, "base64url").toString()) as { payload: { userId: string } };
      edited.payload.userId = "00000000-0000-4000-8000-0000000000ff";
      return `${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${signature}`;
    }],
    ["made for something else (a Cal.com connect link)", () => signToken({ userId: ownerId }, { purpose: "calcom_connect_link", ttlSeconds: 600 })],
    ["that is not a token at all", () => "not-a-link"],
  ])("refuses a link %s as not ours", async (_, forge) => {
    const answer = await post({ link: forge() });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { code: "unauthorized", message: "link: not a sign-in link of this server" } });
  });

  it("refuses the link of a user who no longer exists, and a body that is not {link}", async () => {
    const goneId = await insertAuthUser(sql);
    const gone = tokenOf(link(goneId).url);
    await sql`delete from auth.users where id = ${goneId}`;
    expect(await (await post({ link: gone })).json()).toMatchObject({ error: { message: "link: the member this link was made for no longer exists" } });
    const misspelt = await post({ lnk: gone });
    expect(misspelt.status).toBe(400);
    expect(await documentedBody(misspelt, "post", "/api/member/sign-in")).toMatchObject({ error: { message: expect.stringContaining('"lnk"') } });
  });

  it("accepts no Supabase token, nor a local one signed with another secret", async () => {
    const member = (token: string) => businesses(new Request("http://localhost/api/member/businesses", { headers: { authorization: `Bearer ${token}` } }));
    const { accessToken } = (await (await post({ link: tokenOf(link().url) })).json()) as { accessToken: string };
    const [header = "", , signature = ""] = accessToken.split(".");
    const asSupabase = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(accessToken), iss: "https://abc.supabase.co/auth/v1" })).toString("base64url")}.${signature}`;
    expect((await member(asSupabase)).status).toBe(401);
    expect((await member(`${accessToken.slice(0, -4)}AAAA`)).status).toBe(401);
  });
});

describe("npm start on its embedded database", () => {
  beforeEach(() => server.use(http.all(/^http:\/\/localhost:\d+\/.*/, () => passthrough())));

  it("prints a one-time link per demo member; each signs in once and its session reads the member's businesses", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "npm-start-sign-in-"));
    await chmod(dir, 0o755);
    defer(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const secretsFile = path.join(dir, "local-secrets.json");
    // No LOCAL_SESSION_SECRET given: npm start generates it into its secrets file like the others.
    // Nor the test run's Cal.com redirect URI, whose origin links would otherwise point at.
    const service = await startService({
      NODE_ENV: "development", PORT: String(port), EMBEDDED_DB_DIR: path.join(dir, "pg"), EMBEDDED_DB_PORT: String(await freePort()),
      LOCAL_SECRETS_FILE: secretsFile, LOCAL_SESSION_SECRET: undefined, CALCOM_REDIRECT_URI: undefined,
    });
    defer(() => service.stop("SIGKILL"));
    const output = service.output();
    const printed = (label: string) => new RegExp(`  ${label} sign-in \\(one use, 15 min\\): (http://localhost:${port}/dashboard/#sign-in=\\S+)\\n`).exec(output)?.[1] ?? "";
    const owner = printed("Owner");
    const staff = printed("Staff");
    expect(owner).not.toBe("");
    expect(staff).not.toBe("");
    const kept = JSON.parse(await readFile(secretsFile, "utf8")) as Record<string, string>;
    expect(kept.LOCAL_SESSION_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(output).not.toContain(kept.LOCAL_SESSION_SECRET);
    expect(output).toContain("SIGNING_SECRET, TOKEN_ENCRYPTION_KEY, LOCAL_SESSION_SECRET: in that file, not shown");

    const base = `http://localhost:${port}`;
    expect(await (await fetch(`${base}/api/member/config`)).json()).toEqual({ signIn: "local" });
    const signInWith = (link: string) => fetch(`${base}/api/member/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ link: tokenOf(link) }) });
    const roleOf = async (link: string) => {
      const answer = await signInWith(link);
      expect(answer.status).toBe(200);
      const session = (await answer.json()) as { accessToken: string; email: string };
      const listed = await fetch(`${base}/api/member/businesses`, { headers: { authorization: `Bearer ${session.accessToken}` } });
      const { items } = (await listed.json()) as { items: { id: string; role: string }[] };
      return { email: session.email, businesses: items.map((b) => `${b.id} ${b.role}`) };
    };
    expect(await roleOf(owner)).toEqual({ email: "owner@demo.example", businesses: [`${DEMO_BUSINESS_ID} owner`] });
    expect(await roleOf(staff)).toEqual({ email: "staff@demo.example", businesses: [`${DEMO_BUSINESS_ID} staff`] });
    const reused = await signInWith(owner);
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ error: { message: expect.stringContaining("already used") } });
    const forged = await signInWith(`${owner.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    await service.stop();
    // The link went in the fragment: the request log never saw it.
    expect(service.output().match(/sign-in=/g)).toHaveLength(2);
  });
});
