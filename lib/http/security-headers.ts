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

/** Sets SECURITY_HEADERS on `headers`, over any value a handler gave them. */
export function setSecurityHeaders(headers: Headers): Headers {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  return headers;
}

/** The response with SECURITY_HEADERS set: a copy, since a fetch() or Response.redirect()
 *  answer has immutable headers. */
export function withSecurityHeaders(response: Response): Response {
  const headers = setSecurityHeaders(new Headers(response.headers));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
