import type { CalendarDay } from "../../db/calendar-queries.js";
import { localDayWindow } from "../../scheduling/local-day.js";
import { overlaps } from "../../scheduling/slots-within.js";
import type { ToolContext } from "./tool-context.js";

/**
 * A local day of the call's business as the calendar needs it, from what the call's context
 * already read when its window covers the day (no round trip), else read now.
 */
export async function calendarDayFor(context: ToolContext, date: string, idempotencyKey?: string): Promise<CalendarDay | null> {
  const { window, busy, calcom, booked } = context.calendar;
  const day = localDayWindow(date, context.business.timezone);
  if (!window || day.start < window.start || day.end > window.end) {
    return context.db.calendarDay({ businessId: context.business.id, date, idempotencyKey: idempotencyKey ?? null });
  }
  return {
    business: context.business,
    date,
    busy: busy.filter((taken) => overlaps(taken, day)),
    existing: (idempotencyKey && booked.get(idempotencyKey)) || null,
    calcom,
  };
}
