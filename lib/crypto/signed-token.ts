import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env.js";
import { decodeBase64Url } from "./decode-base64url.js";

/**
 * Signed, expiring tokens for connect links, OAuth state and local sign-in links: `base64url(JSON body).base64url(HMAC-SHA256)`.
 * Each purpose signs with its own key derived from SIGNING_SECRET, so a connect link never
 * verifies as an OAuth state or the other way round. The body carries a random `jti` that
 * callers record to make a token single-use. Signed, not encrypted: never put secrets in a payload.
 */

export const SIGNED_TOKEN_PURPOSES = ["calcom_connect_link", "calcom_oauth_state", "member_sign_in_link"] as const;
export type SignedTokenPurpose = (typeof SIGNED_TOKEN_PURPOSES)[number];

export type SignOptions = { purpose: SignedTokenPurpose; ttlSeconds: number; now?: Date };
export type VerifyOptions = { purpose: SignedTokenPurpose; now?: Date };
export type VerifiedToken = { payload: Record<string, unknown>; jti: string; iat: number; exp: number };

export type TokenSigner = {
  sign(payload: Record<string, unknown>, options: SignOptions): string;
  verify(token: string, options: VerifyOptions): VerifiedToken;
};

export type SignedTokenFailure = "malformed" | "bad_signature" | "expired" | "wrong_purpose";

export class SignedTokenError extends Error {
  constructor(readonly reason: SignedTokenFailure, message: string) {
    super(message);
    this.name = "SignedTokenError";
  }
}

/** Links and state travel in URLs; anything longer is refused before any work is done. */
export const MAX_SIGNED_TOKEN_LENGTH = 4096;
const SIGNATURE_BYTES = 32;

const BodySchema = z.strictObject({
  purpose: z.enum(SIGNED_TOKEN_PURPOSES),
  jti: z.string().min(16),
  iat: z.number().int(), // seconds since the epoch, as in JWT
  exp: z.number().int(),
  payload: z.record(z.string(), z.unknown()),
});

export function createTokenSigner(secret: string): TokenSigner {
  if (secret.length < 32) throw new RangeError("a signing secret must be at least 32 characters");
  // One key per purpose, derived from the secret: the domain separation between purposes.
  const signatureOf = (encodedBody: string, purpose: SignedTokenPurpose): Buffer => {
    const key = createHmac("sha256", secret).update(`signed-token v1 ${purpose}`).digest();
    return createHmac("sha256", key).update(encodedBody).digest();
  };

  /** Tells a genuine token of another purpose from a forgery, so callers can say which it was. */
  const isGenuineForOtherPurpose = (encodedBody: string, bodyBytes: Buffer, signature: Buffer): boolean => {
    const claimed = parseBody(bodyBytes)?.purpose;
    return claimed !== undefined && timingSafeEqual(signature, signatureOf(encodedBody, claimed));
  };

  return {
    sign(payload, { purpose, ttlSeconds, now = new Date() }) {
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new TypeError("a token payload must be an object");
      if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError("ttlSeconds must be a positive whole number");
      const iat = Math.floor(millisecondsOf(now) / 1000);
      const body = { purpose, jti: randomBytes(16).toString("base64url"), iat, exp: iat + ttlSeconds, payload };
      const encodedBody = Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
      const token = `${encodedBody}.${signatureOf(encodedBody, purpose).toString("base64url")}`;
      // A token we could not verify later is a bug here, not a surprise for the owner clicking the link.
      if (token.length > MAX_SIGNED_TOKEN_LENGTH) throw new RangeError(`a signed token must fit in ${MAX_SIGNED_TOKEN_LENGTH} characters; keep payloads small`);
      return token;
    },

    verify(token, { purpose, now = new Date() }) {
      const at = millisecondsOf(now);
      const { encodedBody, bodyBytes, signature } = split(token);
      // Verify before parsing: on the happy path only bytes we signed reach JSON.parse.
      if (!timingSafeEqual(signature, signatureOf(encodedBody, purpose))) {
        throw isGenuineForOtherPurpose(encodedBody, bodyBytes, signature)
          ? new SignedTokenError("wrong_purpose", "the token was issued for something else")
          : new SignedTokenError("bad_signature", "the token's signature is not valid");
      }
      const body = parseBody(bodyBytes);
      if (!body || body.purpose !== purpose) throw new SignedTokenError("malformed", "the token's body is not valid");
      if (at >= body.exp * 1000) throw new SignedTokenError("expired", "the token has expired");
      return { payload: body.payload, jti: body.jti, iat: body.iat, exp: body.exp };
    },
  };
}

/** An invalid Date would make every expiry comparison false, and so accept any token. */
function millisecondsOf(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("now must be a valid Date");
  return ms;
}

function split(token: string): { encodedBody: string; bodyBytes: Buffer; signature: Buffer } {
  const malformed = new SignedTokenError("malformed", "the token is not in the expected format");
  // Untrusted input (a query parameter): the length check comes before any other work.
  if (typeof token !== "string" || token.length > MAX_SIGNED_TOKEN_LENGTH) throw malformed;
  const parts = token.split(".");
  const [encodedBody, encodedSignature] = parts;
  if (parts.length !== 2 || !encodedBody || encodedSignature === undefined) throw malformed;
  const bodyBytes = decodeBase64Url(encodedBody);
  const signature = decodeBase64Url(encodedSignature);
  if (!bodyBytes || signature?.length !== SIGNATURE_BYTES) throw malformed;
  return { encodedBody, bodyBytes, signature };
}

/** The body if it is a JSON object of the expected shape (anything else is undefined). */
function parseBody(bodyBytes: Buffer): z.infer<typeof BodySchema> | undefined {
  try {
    const result = BodySchema.safeParse(JSON.parse(bodyBytes.toString("utf8")));
    return result.success ? result.data : undefined;
  } catch {
    return undefined; // not JSON
  }
}

let fromEnv: TokenSigner | undefined;

function envSigner(): TokenSigner {
  fromEnv ??= createTokenSigner(env().SIGNING_SECRET);
  return fromEnv;
}

/** Signs with SIGNING_SECRET. `now` is for tests and defaults to the clock. */
export function signToken(payload: Record<string, unknown>, options: SignOptions): string {
  return envSigner().sign(payload, options);
}

/** The payload and claims of a token signed for `purpose` and not yet expired; throws SignedTokenError otherwise. */
export function verifyToken(token: string, options: VerifyOptions): VerifiedToken {
  return envSigner().verify(token, options);
}
