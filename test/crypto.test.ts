import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeKey } from "../lib/env.js";
import { createPkcePair, pkceChallenge } from "../lib/crypto/pkce.js";
import { createTokenSigner, MAX_SIGNED_TOKEN_LENGTH, SignedTokenError, signToken, verifyToken } from "../lib/crypto/signed-token.js";
import type { SealedToken, TokenCipher, TokenContext } from "../lib/crypto/token-cipher.js";
import { createTokenCipher, isSealedWithCurrentKey, openToken, sealToken, TokenCipherError } from "../lib/crypto/token-cipher.js";

// The fixed test values of vitest.config.ts, which the env-backed functions read.
const ENV_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const ENV_SIGNING_SECRET = "test-signing-secret-0123456789abcdef0123";
const SECRET = "a-signing-secret-for-these-tests-0123456789";
const context: TokenContext = { businessId: "5f0c6a52-3d1e-4c9b-9a57-2b8e1d4f7c10", purpose: "calcom_access_token" };
const ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";

function failureOf(action: () => unknown): TokenCipherError | SignedTokenError {
  try {
    action();
  } catch (error) {
    if (error instanceof TokenCipherError || error instanceof SignedTokenError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const reasonOf = (action: () => unknown) => failureOf(action).reason;

/** Flips one bit of the decoded bytes, so the edit is real whatever base64 does with trailing bits. */
function flipByte(sealed: SealedToken, index: number): SealedToken {
  const bytes = Buffer.from(sealed.ciphertext.slice("v1.".length), "base64url");
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return { ...sealed, ciphertext: `v1.${bytes.toString("base64url")}` };
}

describe("token cipher", () => {
  const cipher: TokenCipher = createTokenCipher({ current: randomBytes(32) });

  it.each([
    ["a Cal.com access token", ACCESS_TOKEN],
    ["an API key", "cal_live_0123456789abcdef"],
    ["a single character", "x"],
    ["whitespace", " "],
    ["unicode", "tökén-✓-日本語-🙂"],
    ["a long value", "r".repeat(10_000)],
  ])("opens what it sealed: %s", (_name, plaintext) => {
    expect(cipher.open(cipher.seal(plaintext, context), context)).toBe(plaintext);
  });

  it("seals the same token differently each time", () => {
    const seen = new Set(Array.from({ length: 20 }, () => cipher.seal(ACCESS_TOKEN, context).ciphertext));
    expect(seen.size).toBe(20);
  });

  it("never stores the plaintext, in the text or in the decoded bytes", () => {
    const sealed = cipher.seal(ACCESS_TOKEN, context);
    expect(sealed.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed.ciphertext).not.toContain(ACCESS_TOKEN);
    expect(sealed.ciphertext).not.toContain(ACCESS_TOKEN.slice(0, 12));
    const bytes = Buffer.from(sealed.ciphertext.slice(3), "base64url");
    expect(bytes.includes(Buffer.from(ACCESS_TOKEN))).toBe(false);
    expect(bytes.length).toBe(12 + 16 + Buffer.byteLength(ACCESS_TOKEN)); // IV, tag, body: nothing else
  });

  it("refuses a ciphertext moved to another business", () => {
    const sealed = cipher.seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => cipher.open(sealed, { ...context, businessId: "another-business" }))).toBe("authentication_failed");
  });

  it("refuses a ciphertext moved to another column", () => {
    const sealed = cipher.seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => cipher.open(sealed, { ...context, purpose: "calcom_refresh_token" }))).toBe("authentication_failed");
  });

  it.each([
    ["the IV", 0],
    ["the tag", 20],
    ["the body", 40],
  ])("refuses a ciphertext with one bit flipped in %s", (_part, index) => {
    const sealed = cipher.seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => cipher.open(flipByte(sealed, index), context))).toBe("authentication_failed");
  });

  it("refuses a key id it does not hold, without trying any key", () => {
    const sealed = cipher.seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => cipher.open({ ...sealed, keyId: "0000000000000000" }, context))).toBe("unknown_key");
    expect(reasonOf(() => cipher.open({ ...sealed, keyId: "" }, context))).toBe("unknown_key");
  });

  it.each([
    ["an empty string", ""],
    ["no version", Buffer.alloc(40).toString("base64url")],
    ["another version", `v2.${Buffer.alloc(40).toString("base64url")}`],
    ["too short to hold IV and tag", `v1.${Buffer.alloc(28).toString("base64url")}`],
    ["padding", `v1.${Buffer.alloc(40).toString("base64")}=`],
    ["characters outside base64url", "v1.AAAA+/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a second spelling of the same bytes", `v1.${Buffer.alloc(41).toString("base64url").slice(0, -1)}B`],
  ])("refuses malformed input: %s", (_name, ciphertext) => {
    const { keyId } = cipher.seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => cipher.open({ ciphertext, keyId }, context))).toBe("malformed");
  });

  it("refuses to seal an empty token, a lone surrogate or a token without a business", () => {
    expect(reasonOf(() => cipher.seal("", context))).toBe("invalid_input");
    expect(reasonOf(() => cipher.seal("abc\uD800", context))).toBe("invalid_input");
    expect(reasonOf(() => cipher.seal(ACCESS_TOKEN, { ...context, businessId: "" }))).toBe("invalid_input");
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(reasonOf(() => createTokenCipher({ current: randomBytes(16) }))).toBe("invalid_key");
    expect(reasonOf(() => createTokenCipher({ current: randomBytes(32), previous: randomBytes(31) }))).toBe("invalid_key");
  });

  it("names its key with a short id that is not the key or its plain hash", () => {
    const key = randomBytes(32);
    const { keyId } = createTokenCipher({ current: key }).seal(ACCESS_TOKEN, context);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.toString("hex")).not.toContain(keyId);
    expect(createHash("sha256").update(key).digest("hex")).not.toContain(keyId);
    expect(createTokenCipher({ current: Buffer.from(key) }).seal("x", context).keyId).toBe(keyId); // stable across processes
  });

  it("never puts the plaintext or the key in an error message", () => {
    const key = randomBytes(32);
    const own = createTokenCipher({ current: key });
    const sealed = own.seal(ACCESS_TOKEN, context);
    const failures = [
      failureOf(() => own.open(sealed, { ...context, businessId: "other" })),
      failureOf(() => own.open(flipByte(sealed, 30), context)),
      failureOf(() => own.open({ ...sealed, keyId: "ffffffffffffffff" }, context)),
    ];
    for (const error of failures) {
      for (const secret of [ACCESS_TOKEN, key.toString("hex"), key.toString("base64"), sealed.ciphertext]) expect(error.message).not.toContain(secret);
    }
  });
});

describe("token cipher key rotation", () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it("opens values sealed with the previous key and says they need sealing again", () => {
    const sealedWithK1 = createTokenCipher({ current: k1 }).seal(ACCESS_TOKEN, context);
    const rotated = createTokenCipher({ current: k2, previous: k1 });
    expect(rotated.open(sealedWithK1, context)).toBe(ACCESS_TOKEN);
    expect(rotated.isCurrentKey(sealedWithK1.keyId)).toBe(false);

    const resealed = rotated.seal(ACCESS_TOKEN, context);
    expect(resealed.keyId).not.toBe(sealedWithK1.keyId);
    expect(rotated.isCurrentKey(resealed.keyId)).toBe(true);
    expect(createTokenCipher({ current: k2 }).open(resealed, context)).toBe(ACCESS_TOKEN);
  });

  it("refuses values of the old key once the previous key is removed", () => {
    const sealedWithK1 = createTokenCipher({ current: k1 }).seal(ACCESS_TOKEN, context);
    expect(reasonOf(() => createTokenCipher({ current: k2 }).open(sealedWithK1, context))).toBe("unknown_key");
  });

  it("does not open a value relabelled with another key's id", () => {
    const sealedWithK1 = createTokenCipher({ current: k1 }).seal(ACCESS_TOKEN, context);
    const rotated = createTokenCipher({ current: k2, previous: k1 });
    const k2Id = rotated.seal("x", context).keyId;
    expect(reasonOf(() => rotated.open({ ...sealedWithK1, keyId: k2Id }, context))).toBe("authentication_failed");
  });
});

describe("sealToken / openToken (TOKEN_ENCRYPTION_KEY from the environment)", () => {
  it("round-trips with the configured key and reports it as current", () => {
    const sealed = sealToken(ACCESS_TOKEN, context);
    expect(openToken(sealed, context)).toBe(ACCESS_TOKEN);
    expect(isSealedWithCurrentKey(sealed.keyId)).toBe(true);
  });

  it("uses the configured key, so a cipher built from the same key opens its values", () => {
    const key = decodeKey(ENV_KEY);
    if (!key) throw new Error("the test key in vitest.config.ts is not 32 bytes");
    const sealed = sealToken(ACCESS_TOKEN, context);
    expect(createTokenCipher({ current: key }).open(sealed, context)).toBe(ACCESS_TOKEN);
    expect(reasonOf(() => openToken(createTokenCipher({ current: randomBytes(32) }).seal(ACCESS_TOKEN, context), context))).toBe("unknown_key");
  });
});

describe("signed tokens", () => {
  const signer = createTokenSigner(SECRET);
  const now = new Date("2026-03-01T12:00:00.250Z");
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const link = { purpose: "calcom_connect_link", now } as const;
  const sign = (payload: Record<string, unknown> = { businessId: "b-1" }) => signer.sign(payload, { ...link, ttlSeconds: 600 });

  /** Re-encodes a token's body after editing it, keeping the original signature. */
  function withBody(token: string, edit: (body: Record<string, unknown>) => void): string {
    const [body = "", signature = ""] = token.split(".");
    const parsed: Record<string, unknown> = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    edit(parsed);
    return `${Buffer.from(JSON.stringify(parsed)).toString("base64url")}.${signature}`;
  }

  it("returns the payload with a random jti, iat and exp", () => {
    const payload = { businessId: "b-1", returnTo: "/done", nested: { n: 1, list: ["ü", null] } };
    const verified = signer.verify(signer.sign(payload, { ...link, ttlSeconds: 600 }), link);
    expect(verified).toEqual({ payload, jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), iat: nowSeconds, exp: nowSeconds + 600 });
    expect(signer.verify(sign(), link).jti).not.toBe(signer.verify(sign(), link).jti);
  });

  it("is valid until the second before exp and expired from exp on", () => {
    const { exp } = signer.verify(sign(), link);
    expect(signer.verify(sign(), { ...link, now: new Date((exp - 1) * 1000) }).exp).toBe(exp);
    expect(signer.verify(sign(), { ...link, now: new Date(exp * 1000 - 1) }).exp).toBe(exp);
    expect(reasonOf(() => signer.verify(sign(), { ...link, now: new Date(exp * 1000) }))).toBe("expired");
    expect(reasonOf(() => signer.verify(sign(), { ...link, now: new Date((exp + 3600) * 1000) }))).toBe("expired");
  });

  it("refuses a connect link as OAuth state and the other way round", () => {
    expect(reasonOf(() => signer.verify(sign(), { purpose: "calcom_oauth_state", now }))).toBe("wrong_purpose");
    const state = signer.sign({ nonce: "n" }, { purpose: "calcom_oauth_state", ttlSeconds: 600, now });
    expect(reasonOf(() => signer.verify(state, link))).toBe("wrong_purpose");
  });

  it("refuses a token whose purpose claim was edited, as a forgery", () => {
    const forged = withBody(sign(), (body) => (body.purpose = "calcom_oauth_state"));
    expect(reasonOf(() => signer.verify(forged, { purpose: "calcom_oauth_state", now }))).toBe("bad_signature");
  });

  it("refuses a tampered body", () => {
    expect(reasonOf(() => signer.verify(withBody(sign(), (body) => (body.payload = { businessId: "b-2" })), link))).toBe("bad_signature");
    expect(reasonOf(() => signer.verify(withBody(sign(), (body) => (body.exp = nowSeconds + 999_999)), link))).toBe("bad_signature");
  });

  it("refuses a tampered signature", () => {
    const [body = "", signature = ""] = sign().split(".");
    const bytes = Buffer.from(signature, "base64url");
    bytes[0] = (bytes[0] ?? 0) ^ 0x80;
    expect(reasonOf(() => signer.verify(`${body}.${bytes.toString("base64url")}`, link))).toBe("bad_signature");
  });

  it("refuses a token signed with another secret", () => {
    const other = createTokenSigner("another-signing-secret-0123456789abcdef");
    expect(reasonOf(() => signer.verify(other.sign({}, { ...link, ttlSeconds: 600 }), link))).toBe("bad_signature");
  });

  it.each([
    ["truncated", (token: string) => token.slice(0, -5)],
    ["cut at the dot", (token: string) => token.slice(0, token.indexOf("."))],
    ["with a third part", (token: string) => `${token}.AAAA`],
    ["with padding", (token: string) => `${token}=`],
    ["with a space", (token: string) => ` ${token}`],
    ["empty", () => ""],
    ["garbage", () => "not a token at all"],
    ["just a dot", () => "."],
    ["oversized", (token: string) => `${"A".repeat(MAX_SIGNED_TOKEN_LENGTH)}${token}`],
  ])("refuses a token that is %s as malformed", (_name, mangle) => {
    expect(reasonOf(() => signer.verify(mangle(sign()), link))).toBe("malformed");
  });

  it("refuses a correctly signed body that is not a JSON object of the token's shape", () => {
    // Signed the way the signer signs (per-purpose key from the secret), so only the body is at fault.
    const signBody = (text: string) => {
      const body = Buffer.from(text).toString("base64url");
      const key = createHmac("sha256", SECRET).update("signed-token v1 calcom_connect_link").digest();
      return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
    };
    const claims = { purpose: "calcom_connect_link", jti: "j".repeat(22), iat: nowSeconds, exp: nowSeconds + 60 };
    expect(signer.verify(signBody(JSON.stringify({ ...claims, payload: {} })), link).jti).toBe(claims.jti); // the forging is faithful
    for (const text of ['["calcom_connect_link"]', '"a string"', "42", "null", "{not json", JSON.stringify({ ...claims, payload: [1] }), JSON.stringify({ ...claims, payload: {}, extra: 1 }), JSON.stringify({ ...claims, iat: "now", payload: {} })]) {
      expect(reasonOf(() => signer.verify(signBody(text), link))).toBe("malformed");
    }
  });

  it("refuses to sign what it could not verify later", () => {
    expect(() => signer.sign({ blob: "x".repeat(MAX_SIGNED_TOKEN_LENGTH) }, { ...link, ttlSeconds: 60 })).toThrow(RangeError);
    expect(() => signer.sign({}, { ...link, ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => signer.sign({}, { ...link, ttlSeconds: 1.5 })).toThrow(RangeError);
    expect(() => signer.sign([] as unknown as Record<string, unknown>, { ...link, ttlSeconds: 60 })).toThrow(TypeError);
    expect(() => signer.verify(sign(), { ...link, now: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => createTokenSigner("short")).toThrow(RangeError);
  });

  it("signs with SIGNING_SECRET through signToken / verifyToken", () => {
    const token = signToken({ businessId: "b-1" }, { purpose: "calcom_oauth_state", ttlSeconds: 60 });
    expect(verifyToken(token, { purpose: "calcom_oauth_state" }).payload).toEqual({ businessId: "b-1" });
    expect(createTokenSigner(ENV_SIGNING_SECRET).verify(token, { purpose: "calcom_oauth_state" }).payload).toEqual({ businessId: "b-1" });
    expect(reasonOf(() => signer.verify(token, { purpose: "calcom_oauth_state" }))).toBe("bad_signature");
  });
});

describe("PKCE", () => {
  it("matches the RFC 7636 appendix B example", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes fresh verifiers of 43-128 unreserved characters with their S256 challenge", () => {
    const pairs = Array.from({ length: 50 }, createPkcePair);
    for (const { verifier, challenge, method } of pairs) {
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(method).toBe("S256");
      expect(challenge).toBe(createHash("sha256").update(verifier).digest("base64url"));
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url of 32 bytes, no padding
    }
    expect(new Set(pairs.map((p) => p.verifier)).size).toBe(50);
  });

  it("refuses verifiers the RFC does not allow", () => {
    expect(() => pkceChallenge("a".repeat(42))).toThrow(RangeError);
    expect(() => pkceChallenge("a".repeat(129))).toThrow(RangeError);
    expect(() => pkceChallenge(`${"a".repeat(42)}+`)).toThrow(RangeError);
    expect(pkceChallenge(`${"a".repeat(40)}-._~`)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
