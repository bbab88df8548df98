// Hash routes: #/b/<businessId>/overview|calls|calls/<callId>|bookings|settings|calendar.
// A fragment never reaches the server, so no route (nor a business id in it) is in a log.

export const VIEWS = /** @type {const} */ (["overview", "calls", "bookings", "settings", "calendar"]);

/** @typedef {typeof VIEWS[number]} ViewName */
/** @typedef {{ view: ViewName | "call", businessId: string, callId?: string } | { view: "home", wants?: ViewName }} Route */

/**
 * @param {string} hash
 * @returns {Route}
 */
export function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, "").split("/").map((part) => decodeURIComponent(part));
  // Cal.com's redirect may land on #calendar (no business yet): the first business's calendar.
  if (parts.length === 1 && isView(parts[0])) return { view: "home", wants: parts[0] };
  if (parts[0] !== "b" || !parts[1]) return { view: "home" };
  const businessId = parts[1];
  if (parts[2] === "calls" && parts[3]) return { view: "call", businessId, callId: parts[3] };
  return { view: isView(parts[2]) ? parts[2] : "overview", businessId };
}

/**
 * @param {string} businessId
 * @param {ViewName} view
 * @param {string} [callId]
 */
export function routeHref(businessId, view, callId) {
  return `#/b/${encodeURIComponent(businessId)}/${view}${callId ? `/${encodeURIComponent(callId)}` : ""}`;
}

/**
 * @param {unknown} name
 * @returns {name is ViewName}
 */
function isView(name) {
  return VIEWS.includes(/** @type {ViewName} */ (name));
}
