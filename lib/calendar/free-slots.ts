import type { CalendarDay } from "../db/calendar-queries.js";
import type { Interval } from "../scheduling/local-day.js";
import { openingIntervals } from "../scheduling/opening-intervals.js";
import { slotsWithin } from "../scheduling/slots-within.js";

/** The built-in calendar's free slots on a business's local day: opening hours cut into slots of
 *  the business's length, minus booked time and minus what has already begun. */
export function freeSlots(day: CalendarDay, now: Date): Interval[] {
  const { businessHours, timezone, slotMinutes } = day.business;
  return slotsWithin(openingIntervals(day.date, timezone, businessHours), { slotMinutes, notBefore: now, busy: day.busy });
}

/** Up to `count` free slots nearest to the requested start, in time order: what a receptionist
 *  offers when the asked-for time is gone. */
export function nearestSlots(free: Interval[], requested: Date, count = 3): Interval[] {
  const distance = (slot: Interval) => Math.abs(slot.start.getTime() - requested.getTime());
  return [...free]
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, count)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
