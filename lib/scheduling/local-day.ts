import { DateTime } from "luxon";
import { z } from "zod";
import { refuseUnstorableTime } from "./unstorable-time.js";

/** A calendar date as people and URLs write it: YYYY-MM-DD, and a real one (no 2026-02-30). */
export const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((value) => DateTime.fromISO(value, { zone: "UTC" }).isValid, "is not a real calendar date");

/** A calendar date an operator names: also one the database can store (see unstorable-time.ts). */
export const LocalDateSchema = CalendarDateSchema.superRefine(refuseUnstorableTime);

export interface Interval {
  start: Date;
  end: Date;
}

/** The local date at `instant` in the zone, e.g. "2026-11-26". */
export function localDateAt(instant: Date, timeZone: string): string {
  return zoned(DateTime.fromJSDate(instant), timeZone).toISODate() ?? "";
}

/**
 * The instants a local day spans: from its local midnight to the next one. 23 hours long on a
 * spring-forward day and 25 on a fall-back day, which is why this is not `date + 24 h` in UTC.
 */
export function localDayWindow(date: string, timeZone: string): Interval {
  const start = zoned(DateTime.fromISO(date, { zone: timeZone }), timeZone).startOf("day");
  // The next day's own start, not start + 1 day: where clocks change at midnight (Santiago,
  // Havana) the two differ by the shifted hour.
  const nextDate = start.plus({ days: 1 }).toISODate() ?? date;
  return { start: start.toJSDate(), end: zoned(DateTime.fromISO(nextDate, { zone: timeZone }), timeZone).startOf("day").toJSDate() };
}

/**
 * The instant of a local wall-clock time (YYYY-MM-DDTHH:mm) in the zone. A time skipped by a
 * spring-forward change moves forward by the gap (02:30 → 03:30), as clocks do; a time that
 * happens twice when clocks fall back is its first occurrence (luxon would pick the second).
 */
export function localTimeToInstant(dateTime: string, timeZone: string): Date {
  const local = zoned(DateTime.fromISO(dateTime, { zone: timeZone }), timeZone);
  for (const minutes of [60, 30]) {
    const earlier = local.minus({ minutes });
    if (earlier.toFormat("yyyy-MM-dd'T'HH:mm:ss") === local.toFormat("yyyy-MM-dd'T'HH:mm:ss")) return earlier.toJSDate();
  }
  return local.toJSDate();
}

/** ISO 8601 with the zone's offset at that instant: 2026-03-08T09:30:00-04:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  return zoned(DateTime.fromJSDate(instant), timeZone).toISO({ suppressMilliseconds: true }) ?? "";
}

export function zoned(value: DateTime, timeZone: string): DateTime {
  const inZone = value.setZone(timeZone);
  if (!inZone.isValid) throw new RangeError(`invalid date or time zone: ${inZone.invalidExplanation ?? timeZone}`);
  return inZone;
}
