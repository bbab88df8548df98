import { env } from "../env.js";

/**
 * Where links we hand out should point: PUBLIC_BASE_URL, else the origin of the Cal.com redirect
 * URI (a connect link must start where the OAuth callback will arrive: they share a cookie), else
 * the origin this request came to (behind Vercel's proxy, the forwarded host and protocol).
 */
export function publicBaseUrl(request: Request): string {
  const { PUBLIC_BASE_URL, CALCOM_REDIRECT_URI } = env();
  if (PUBLIC_BASE_URL) return PUBLIC_BASE_URL.replace(/\/+$/, "");
  if (CALCOM_REDIRECT_URI) return new URL(CALCOM_REDIRECT_URI).origin;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
