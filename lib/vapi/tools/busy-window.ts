import { DateTime } from "luxon";
import type { Interval } from "../../scheduling/local-day.js";
import { resolveSpokenDate } from "../../scheduling/spoken-date.js";
import type { ToolCall } from "./tool-call-list.js";

/** Zones whose "today" is the earliest, the UTC and the latest date anywhere on Earth right now:
 *  whatever the business's zone, its today is one of theirs. */
const TODAYS = ["Etc/GMT+12", "UTC", "Etc/GMT-14"];
const HOUR = 3_600_000;
/** Beyond this the window is not worth reading in advance; a tool then reads its own day. */
const MAX_DAYS = 45;

/**
 * The instants whose built-in bookings the tools of a message may need, computed before we know
 * the business's zone (it comes back in the same round trip): every local day the tools' dates can
 * mean in any zone, widened by the largest UTC offsets (−12 h, +14 h). Null when no tool needs a
 * day. A tool whose day falls outside it reads its day itself (see calendarDayFor).
 */
export function busyWindowOf(calls: ToolCall[], now: Date): Interval | null {
  const dates = calls.flatMap((call) => datesOf(call, now)).sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return null;
  const start = DateTime.fromISO(first, { zone: "UTC" });
  const end = DateTime.fromISO(last, { zone: "UTC" }).plus({ days: 1 });
  if (end.diff(start, "days").days > MAX_DAYS) return null;
  return { start: new Date(start.toMillis() - 14 * HOUR), end: new Date(end.toMillis() + 12 * HOUR) };
}

function datesOf(call: ToolCall, now: Date): string[] {
  const said = call.name === "checkAvailability" ? call.args.date : call.name === "createBooking" ? call.args.dateTime : call.name === "rescheduleBooking" ? call.args.newDateTime : undefined;
  if (typeof said !== "string") return [];
  if (call.name === "checkAvailability") return TODAYS.flatMap((zone) => resolveSpokenDate(said, zone, now) ?? []);
  // A date and time: local (that day) or with an offset (that UTC day or either side of it).
  const day = DateTime.fromISO(said.trim().slice(0, 10), { zone: "UTC" });
  if (!/^\d{4}-\d{2}-\d{2}/.test(said.trim()) || !day.isValid) return [];
  return [-1, 0, 1].flatMap((offset) => day.plus({ days: offset }).toISODate() ?? []);
}
