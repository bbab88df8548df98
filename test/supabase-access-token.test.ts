import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { verifySupabaseAccessToken } from "../lib/auth/verify-supabase-access-token.js";
import { server } from "./support/msw-server.js";

const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const now = () => Math.floor(Date.now() / 1000);

/** A token as Supabase Auth issues one for a signed-in user, with `changes` to its claims. */
function claimsFor(supabaseUrl: string, userId: string, changes: Record<string, unknown> = {}) {
  return { iss: `${supabaseUrl}/auth/v1`, aud: "authenticated", sub: userId, role: "authenticated", exp: now() + 3600, iat: now(), email: "ada@example.com", aal: "aal1", session_id: randomUUID(), ...changes };
}

function hs256(claims: Record<string, unknown>, secret = SECRET) {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

describe("a project signing with its legacy JWT secret (HS256)", () => {
  const supabaseUrl = "https://hs-project.supabase.co";
  const settings = { supabaseUrl, jwtSecret: SECRET };
  const userId = randomUUID();

  it("accepts the user's token and keeps it with the member", async () => {
    const token = await hs256(claimsFor(supabaseUrl, userId));
    expect(await verifySupabaseAccessToken(token, settings)).toEqual({ ok: true, member: { userId, accessToken: token } });
  });

  it.each([
    ["signed with another secret", () => hs256(claimsFor(supabaseUrl, userId), "another-secret-another-secret-another-secret")],
    ["for another project", () => hs256(claimsFor("https://other.supabase.co", userId))],
    ["for the anon role", () => hs256(claimsFor(supabaseUrl, userId, { role: "anon" }))],
    ["for another audience", () => hs256(claimsFor(supabaseUrl, userId, { aud: "anon" }))],
    ["without an expiry", () => hs256(claimsFor(supabaseUrl, userId, { exp: undefined }))],
    ["whose subject is not a user id", () => hs256(claimsFor(supabaseUrl, "service"))],
    ["unsigned (alg none)", async () => `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claimsFor(supabaseUrl, userId))).toString("base64url")}.`],
    ["not a token at all", async () => "not-a-jwt"],
  ])("refuses a token %s", async (_, make) => {
    expect(await verifySupabaseAccessToken(await make(), settings)).toEqual({ ok: false, reason: "invalid" });
  });

  it("says an expired token is expired", async () => {
    const token = await hs256(claimsFor(supabaseUrl, userId, { exp: now() - 60 }));
    expect(await verifySupabaseAccessToken(token, settings)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("a project signing with asymmetric keys (its JWKS)", () => {
  const supabaseUrl = "https://es-project.supabase.co";
  const userId = randomUUID();
  let signing: CryptoKey;
  let stranger: CryptoKey;
  let jwks: { keys: object[] };
  let fetches = 0;
  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    signing = pair.privateKey;
    stranger = (await generateKeyPair("ES256")).privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "ES256", use: "sig" }] };
  });
  const serveKeys = () =>
    server.use(
      http.get(`${supabaseUrl}/auth/v1/.well-known/jwks.json`, () => {
        fetches += 1;
        return HttpResponse.json(jwks);
      }),
    );
  const es256 = (claims: Record<string, unknown>, key = signing) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "key-1", typ: "JWT" }).sign(key);

  it("accepts a token signed with the project's published key, fetching the keys once", async () => {
    serveKeys();
    const before = fetches;
    for (let i = 0; i < 3; i += 1) {
      const token = await es256(claimsFor(supabaseUrl, userId));
      expect(await verifySupabaseAccessToken(token, { supabaseUrl })).toEqual({ ok: true, member: { userId, accessToken: token } });
    }
    expect(fetches - before).toBeLessThanOrEqual(1);
  });

  it("refuses one signed with another key, and an HS256 token (the algorithm is pinned)", async () => {
    serveKeys();
    expect(await verifySupabaseAccessToken(await es256(claimsFor(supabaseUrl, userId), stranger), { supabaseUrl })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySupabaseAccessToken(await hs256(claimsFor(supabaseUrl, userId)), { supabaseUrl })).toEqual({ ok: false, reason: "invalid" });
  });

  it("says the keys are unavailable, not that the token is bad, when they cannot be fetched", async () => {
    const otherUrl = "https://down-project.supabase.co";
    server.use(http.get(`${otherUrl}/auth/v1/.well-known/jwks.json`, () => new HttpResponse("bad gateway", { status: 502 })));
    const token = await es256(claimsFor(otherUrl, userId));
    expect(await verifySupabaseAccessToken(token, { supabaseUrl: otherUrl })).toEqual({ ok: false, reason: "keys_unavailable" });
  });
});
