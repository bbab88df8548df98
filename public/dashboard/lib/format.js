// How the dashboard says times, lengths and statuses. Every time is shown in the business's time
// zone (the owner's day, not the browser's), in the browser's language.

/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/**
 * @param {string} timeZone
 * @param {Intl.DateTimeFormatOptions} options
 */
function format(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(undefined, { timeZone, ...options })));
  return found;
}

/**
 * "Thu, Dec 4, 3:05 PM" in the zone.
 * @param {string | null | undefined} iso
 * @param {string} timeZone
 */
export function dateTime(iso, timeZone) {
  if (!iso) return "—";
  return format(timeZone, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/**
 * "3:05 PM" in the zone.
 * @param {string} iso
 * @param {string} timeZone
 */
export function clockTime(iso, timeZone) {
  return format(timeZone, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/**
 * "Thursday, December 4" of the zone's day.
 * @param {string} iso
 * @param {string} timeZone
 */
export function longDay(iso, timeZone) {
  return format(timeZone, { weekday: "long", month: "long", day: "numeric" }).format(new Date(iso));
}

/**
 * A calendar day "YYYY-MM-DD" (the overview's days) as "Dec 4"; noon UTC keeps it that day everywhere.
 * @param {string} day
 * @param {Intl.DateTimeFormatOptions} [options]
 */
export function calendarDay(day, options = { month: "short", day: "numeric" }) {
  return format("UTC", options).format(new Date(`${day}T12:00:00Z`));
}

/**
 * Today in the zone as "YYYY-MM-DD".
 * @param {string} timeZone
 */
export function todayIn(timeZone) {
  const parts = Object.fromEntries(format(timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * A call's length: "4:07", "1:02:33", "—".
 * @param {number | null | undefined} seconds
 */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * The same, for a screen reader: "4 minutes 7 seconds".
 * @param {number | null | undefined} seconds
 */
export function spokenDuration(seconds) {
  if (seconds === null || seconds === undefined) return "unknown length";
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return [m && `${m} minute${m === 1 ? "" : "s"}`, (s || !m) && `${s} second${s === 1 ? "" : "s"}`].filter(Boolean).join(" ");
}

/** A call's status as an owner reads it. */
export const CALL_STATUS_LABELS = {
  scheduled: "Scheduled",
  queued: "Queued",
  ringing: "Ringing",
  "in-progress": "In progress",
  forwarding: "Forwarded",
  ended: "Ended",
  "not-found": "Not found",
  "deletion-failed": "Deletion failed",
};

/** @param {string} status */
export function callStatus(status) {
  return /** @type {Record<string, string>} */ (CALL_STATUS_LABELS)[status] ?? status;
}

/** @param {string} status */
export function bookingStatus(status) {
  return status.charAt(0).toUpperCase() + status.slice(1).replace(/[-_]/g, " ");
}

/**
 * VAPI's ended reason ("customer-ended-call") as words.
 * @param {string | null | undefined} reason
 */
export function endedReason(reason) {
  if (!reason) return "—";
  const words = reason.replace(/[-_.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * "+15555550123" → "+1 555 555 0123" for North American numbers; others as given.
 * @param {string | null | undefined} number
 */
export function phone(number) {
  if (!number) return "Withheld number";
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : number;
}

/**
 * @param {number | null | undefined} share 0..1
 */
export function percent(share) {
  if (share === null || share === undefined) return "—";
  return `${Math.round(share * 100)}%`;
}

/**
 * The zone as people say it: "New York time (America/New_York)".
 * @param {string} timeZone
 */
export function zoneName(timeZone) {
  const city = timeZone.split("/").pop()?.replace(/_/g, " ") ?? timeZone;
  return timeZone.includes("/") ? `${city} time (${timeZone})` : timeZone;
}
