import { DateTime } from "luxon";
import type { BusinessHours, Weekday } from "./business-hours.js";
import { localDayWindow, localTimeToInstant, zoned, type Interval } from "./local-day.js";

const WEEKDAY_BY_LUXON: Record<number, Weekday> = { 1: "mon", 2: "tue", 3: "wed", 4: "thu", 5: "fri", 6: "sat", 7: "sun" };

/**
 * When the business is open on a local date, as instants. Each opening is read as wall-clock time
 * in the business's zone on that date, so 09:00–17:00 is 8 hours even on a DST change day, and
 * "24:00" closes at the next local midnight.
 */
export function openingIntervals(date: string, timeZone: string, hours: BusinessHours): Interval[] {
  const day = zoned(DateTime.fromISO(date, { zone: timeZone }), timeZone);
  const spans = hours[WEEKDAY_BY_LUXON[day.weekday] ?? "mon"] ?? [];
  const midnightAfter = localDayWindow(date, timeZone).end;
  return spans
    .map((span) => ({
      start: localTimeToInstant(`${date}T${span.open}`, timeZone),
      end: span.close === "24:00" ? midnightAfter : localTimeToInstant(`${date}T${span.close}`, timeZone),
    }))
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
