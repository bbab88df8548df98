import { createHash, randomBytes } from "node:crypto";

/** The browser that started a connect holds this cookie; the OAuth state carries only its hash. */
export const OAUTH_COOKIE = "calcom_oauth";
export const OAUTH_STATE_TTL_SECONDS = 600;

export function newBrowserNonce(): { nonce: string; hash: string } {
  const nonce = randomBytes(32).toString("base64url");
  return { nonce, hash: nonceHash(nonce) };
}

export function nonceHash(nonce: string): string {
  return createHash("sha256").update(nonce).digest("base64url");
}

/** HttpOnly (no script reads it), SameSite=Lax (it rides along on Cal.com's redirect back, a
 *  top-level GET), scoped to the OAuth routes, and Secure whenever the site is served over https. */
export function oauthCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [`${OAUTH_COOKIE}=${value}`, "HttpOnly", "SameSite=Lax", "Path=/api/calcom", `Max-Age=${options.maxAgeSeconds}`, ...(options.secure ? ["Secure"] : [])].join("; ");
}

export function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
