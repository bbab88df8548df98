import { ApiError } from "./api-error.js";

/** What browsers send in Sec-Fetch-Site for a request another site's page started. */
const FOREIGN = new Set(["cross-site", "same-site"]);

/**
 * Member writes: refused when the browser says another site started the request. The bearer
 * token already keeps a cross-site form from carrying the member's session (it is a header the
 * page must set, which browsers allow another origin only after a CORS preflight we never
 * answer); this is the second lock, so a write from anywhere but our own pages is refused
 * before it is read. `same-site` counts as foreign: a sibling subdomain of our domain (a blog, a
 * marketing site) is not our page. Clients that send no Sec-Fetch-Site (curl, scripts, servers) are
 * not browsers carrying somebody else's session, and `none` is the member's own navigation.
 */
export function requireSameSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site && FOREIGN.has(site)) {
    throw new ApiError("forbidden", `Sec-Fetch-Site: ${site} requests may not change anything; use the dashboard on this site`);
  }
}
