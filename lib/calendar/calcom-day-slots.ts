import { createCalcomClient } from "../calcom/create-calcom-client.js";
import { calcomAccessToken } from "../connections/calcom-access-token.js";
import { refreshWithCalcom } from "../connections/refresh-with-calcom.js";
import type { CalcomConnectionRow, StoredEventType } from "../db/calcom-queries.js";
import type { Database } from "../db/database.js";
import { localDayWindow, type Interval } from "../scheduling/local-day.js";
import { calendarFailureOf, type CalendarFailure } from "./calendar-failure.js";
import { chooseEventType } from "./calcom-event-type.js";

export interface CalcomContext {
  connection: CalcomConnectionRow;
  eventType: StoredEventType;
  token: string;
}

/** A connected business's Cal.com token and event type, from the connection calendar_day already
 *  read: no round trip of its own unless the token must be refreshed. */
export async function calcomContext(
  db: Database,
  businessId: string,
  connection: CalcomConnectionRow | null,
  eventTypeId?: number,
): Promise<CalcomContext | CalendarFailure> {
  if (!connection || connection.status === "needs_reconnect") return { kind: "needs_reconnect" };
  const eventType = chooseEventType(connection, eventTypeId);
  if (!eventType) return { kind: "unknown_event_type", offered: connection.event_types.map((e) => e.id) };
  try {
    const token = await calcomAccessToken(db, businessId, { refresh: refreshWithCalcom, connection });
    return { connection, eventType, token };
  } catch (error) {
    return calendarFailureOf(error);
  }
}

/**
 * Free Cal.com slots of a business's local day: one Cal.com request, for the UTC instants that
 * bound that day in the business's zone (23 or 25 hours long on DST change days), minus slots that
 * have begun.
 */
export async function calcomDaySlots(
  context: CalcomContext,
  day: { date: string; timeZone: string },
  options: { now: Date; deadline?: Date },
): Promise<{ kind: "ok"; slots: Interval[] } | CalendarFailure> {
  const window = localDayWindow(day.date, day.timeZone);
  try {
    const client = createCalcomClient({ token: context.token }, { deadline: options.deadline });
    const slots = await client.getSlots({ eventTypeId: context.eventType.id, start: window.start, end: window.end, timeZone: day.timeZone });
    return { kind: "ok", slots: slots.filter((slot) => slot.start >= options.now && slot.start < window.end) };
  } catch (error) {
    return calendarFailureOf(error);
  }
}
