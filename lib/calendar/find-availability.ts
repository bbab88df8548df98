import type { CalendarDay } from "../db/calendar-queries.js";
import type { Database } from "../db/database.js";
import { localDateAt } from "../scheduling/local-day.js";
import type { CalendarFailure } from "./calendar-failure.js";
import { calcomContext, calcomDaySlots } from "./calcom-day-slots.js";
import { freeSlots } from "./free-slots.js";
import { toSlotView, type SlotView } from "./slot-view.js";

export type AvailabilityResult =
  | { kind: "ok"; date: string; timeZone: string; slots: SlotView[] }
  | { kind: "unknown_business" }
  | { kind: "past_date"; today: string; timeZone: string }
  | CalendarFailure;

/**
 * Free slots of one local day of a business: one database round trip, then either the built-in
 * calendar (no further I/O) or one Cal.com request. "Past" is judged in the business's zone: at
 * 11 PM in New York it is already tomorrow in UTC, and still today there.
 */
export async function findAvailability(
  db: Database,
  query: { businessId: string; date: string; now: Date; eventTypeId?: number; deadline?: Date },
): Promise<AvailabilityResult> {
  const day = await db.calendarDay({ businessId: query.businessId, date: query.date });
  return day ? availabilityOn(db, day, query) : { kind: "unknown_business" };
}

/** The same for a day already read (a phone tool reads it with the call's context). */
export async function availabilityOn(db: Database, day: CalendarDay, query: { now: Date; eventTypeId?: number; deadline?: Date }): Promise<AvailabilityResult> {
  const timeZone = day.business.timezone;
  const today = localDateAt(query.now, timeZone);
  if (day.date < today) return { kind: "past_date", today, timeZone };
  const view = (slots: { start: Date; end: Date }[]) => ({ kind: "ok" as const, date: day.date, timeZone, slots: slots.map((slot) => toSlotView(slot, timeZone)) });

  if (day.business.calcomStatus === "not_connected") return view(freeSlots(day, query.now));
  const context = await calcomContext(db, day.business.id, day.calcom, query.eventTypeId, query.deadline);
  if (!("token" in context)) return context;
  const slots = await calcomDaySlots(db, context, { date: day.date, timeZone }, { now: query.now });
  return slots.kind === "ok" ? view(slots.slots) : slots;
}
