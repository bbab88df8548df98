import { DateTime } from "luxon";
import { zoned } from "./local-day.js";

/** "Tuesday, December 1": a date as a receptionist says it (no year unless it is not this one). */
export function spokenDate(date: string, timeZone: string, now: Date): string {
  const day = zoned(DateTime.fromISO(date, { zone: timeZone }), timeZone);
  const thisYear = zoned(DateTime.fromJSDate(now), timeZone).year;
  return day.toFormat(day.year === thisYear ? "cccc, LLLL d" : "cccc, LLLL d, yyyy", { locale: "en-US" });
}

const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * The local date a caller means, in the business's zone: "today", "tomorrow", a weekday ("friday",
 * "next friday": the next one after today), or YYYY-MM-DD. Undefined when it cannot be read.
 */
export function resolveSpokenDate(words: string, timeZone: string, now: Date): string | undefined {
  const today = zoned(DateTime.fromJSDate(now), timeZone).startOf("day");
  const text = words.trim().toLowerCase().replace(/[.,!?]/g, "");
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = DateTime.fromISO(text, { zone: timeZone });
    return date.isValid ? text : undefined;
  }
  if (text === "today") return today.toISODate() ?? undefined;
  if (text === "tomorrow") return today.plus({ days: 1 }).toISODate() ?? undefined;
  const weekday = WEEKDAY_NAMES.indexOf(text.replace(/^(next|this|on)\s+/, ""));
  if (weekday < 0) return undefined;
  const ahead = ((weekday + 1 - today.weekday + 7) % 7) || 7;
  return today.plus({ days: ahead }).toISODate() ?? undefined;
}
