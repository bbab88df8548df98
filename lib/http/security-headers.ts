/**
 * The headers every response carries, API answers, errors, pages and public/ files alike: the one
 * definition, applied by respond() and respondWithPage() to every route, by the local server to
 * what it serves itself (public/, its 404s), and repeated in vercel.json for the public/ files
 * Vercel serves without us (a test keeps the two equal).
 *
 * - nosniff: browsers take the Content-Type as sent (no JSON or text run as script or HTML).
 * - no-referrer: our URLs carry credentials in the query (the signed connect link, the OAuth code
 *   and state); no next request (the 302 on to Cal.com, a link followed from a page) may carry
 *   them in a Referer. Cal.com's OAuth needs no Referer, and our pages link nowhere that does.
 * - The CSP allows nothing but a stylesheet from our own origin (public/page.css, the only thing
 *   our pages load: no scripts, no inline styles), no <base> or form targets, and no framing by
 *   any site (clickjacking of the connect pages). It is harmless on JSON, which browsers never
 *   render with it.
 */
export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
} as const satisfies Record<string, string>;

/**
 * The same for the owner dashboard (public/dashboard/), the one page that runs script: its own
 * modules and the vendored supabase-js only ('self', never inline, never eval), fetches to our API
 * and to the project's Supabase Auth (sign-in by e-mail code), the chart's SVG drawn from script,
 * and recordings played from wherever VAPI stores them, over https only. Everything a caller said
 * is set as text, so even a lapse there runs nothing: no inline script is allowed to run.
 */
export const DASHBOARD_SECURITY_HEADERS = {
  ...SECURITY_HEADERS,
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src https:; connect-src 'self' https://*.supabase.co; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
} as const satisfies Record<string, string>;

export type SecurityHeaders = typeof SECURITY_HEADERS | typeof DASHBOARD_SECURITY_HEADERS;

/** Whether a path is the dashboard's (/dashboard, /dashboard/…): vercel.json's two `source`
 *  patterns split paths the same way, `/dashboard(.*)` and everything else. */
export function isDashboardPath(pathname: string): boolean {
  return pathname.startsWith("/dashboard");
}

/** The set of headers a path gets. */
export function securityHeadersFor(pathname: string): SecurityHeaders {
  return isDashboardPath(pathname) ? DASHBOARD_SECURITY_HEADERS : SECURITY_HEADERS;
}

/** Sets the security headers (SECURITY_HEADERS unless told) on `headers`, over any value a
 *  handler gave them. */
export function setSecurityHeaders(headers: Headers, set: SecurityHeaders = SECURITY_HEADERS): Headers {
  for (const [name, value] of Object.entries(set)) headers.set(name, value);
  return headers;
}

/** The response with the security headers set: a copy, since a fetch() or Response.redirect()
 *  answer has immutable headers. */
export function withSecurityHeaders(response: Response, set: SecurityHeaders = SECURITY_HEADERS): Response {
  const headers = setSecurityHeaders(new Headers(response.headers), set);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
