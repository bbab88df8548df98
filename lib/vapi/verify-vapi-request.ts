import { createHmac } from "node:crypto";
import { env } from "../env.js";
import { ApiError } from "../http/api-error.js";
import { sameSecret } from "../http/require-admin.js";
import { bearerToken } from "../http/bearer-token.js";

/** How far a signed request's timestamp may be from our clock (replays older than this fail). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Authenticates a VAPI webhook on the raw body, before anything is parsed or stored. VAPI can be
 * configured (reference/vapi.md §5) to send VAPI_WEBHOOK_SECRET as:
 * - `X-Vapi-Secret: <secret>` (the legacy secret, or a Bearer credential with that header name);
 * - `Authorization: Bearer <secret>` (a Bearer credential with the default header);
 * - an HMAC credential with the defaults: `x-signature` = hex HMAC-SHA256 of `{timestamp}.{body}`
 *   under the secret, `x-timestamp` in seconds or milliseconds (VAPI does not say which), an
 *   optional `sha256=` prefix.
 * All comparisons are constant-time. Throws ApiError unauthorized.
 */
export function verifyVapiRequest(headers: Headers, rawBody: string, now: Date = new Date()): void {
  const secret = env().VAPI_WEBHOOK_SECRET;
  const shared = headers.get("x-vapi-secret") ?? bearerToken(headers.get("authorization"));
  if (shared !== undefined) {
    if (sameSecret(shared, secret)) return;
    throw unauthorized("the webhook secret does not match");
  }
  const signature = headers.get("x-signature");
  if (signature === null) throw unauthorized("missing credentials: send X-Vapi-Secret, Authorization: Bearer, or an HMAC x-signature");
  const timestamp = headers.get("x-timestamp");
  if (timestamp === null || !/^\d{1,16}$/.test(timestamp)) throw unauthorized("missing or malformed x-timestamp");
  const sentAtMs = timestamp.length > 11 ? Number(timestamp) : Number(timestamp) * 1000;
  if (Math.abs(now.getTime() - sentAtMs) > SIGNATURE_TOLERANCE_SECONDS * 1000) throw unauthorized("the signature's timestamp is too old or in the future");
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  if (!sameSecret(signature.trim().replace(/^sha256=/i, "").toLowerCase(), expected)) throw unauthorized("the signature does not match the body");
}

function unauthorized(message: string): ApiError {
  return new ApiError("unauthorized", message);
}

/** Signs a body as VAPI's default HMAC credential does: for tests and the call simulator. */
export function signVapiBody(rawBody: string, secret: string, timestamp: string): Record<string, string> {
  return { "x-timestamp": timestamp, "x-signature": createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex") };
}
