import type { Database } from "../db/database.js";
import { localDateAt } from "../scheduling/local-day.js";
import { freeSlots } from "./free-slots.js";
import { toSlotView, type SlotView } from "./slot-view.js";

export type AvailabilityResult =
  | { kind: "ok"; date: string; timeZone: string; slots: SlotView[] }
  | { kind: "unknown_business" }
  | { kind: "past_date"; today: string; timeZone: string }
  | { kind: "calendar_not_supported" };

/**
 * Free slots of one local day of a business, in one database round trip. "Past" is judged in the
 * business's zone: at 11 PM in New York it is already tomorrow in UTC, and still today here.
 */
export async function findAvailability(db: Database, query: { businessId: string; date: string; now: Date }): Promise<AvailabilityResult> {
  const day = await db.calendarDay({ businessId: query.businessId, date: query.date });
  if (!day) return { kind: "unknown_business" };
  const timeZone = day.business.timezone;
  const today = localDateAt(query.now, timeZone);
  if (day.date < today) return { kind: "past_date", today, timeZone };
  if (day.business.calcomStatus === "connected") return { kind: "calendar_not_supported" };
  return { kind: "ok", date: day.date, timeZone, slots: freeSlots(day, query.now).map((slot) => toSlotView(slot, timeZone)) };
}
