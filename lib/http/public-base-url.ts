import { env } from "../env.js";

/** Where links we hand out should point: PUBLIC_BASE_URL, else the origin this request came to
 *  (behind Vercel's proxy, the forwarded host and protocol). */
export function publicBaseUrl(request: Request): string {
  const configured = env().PUBLIC_BASE_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
