import { createCalcomClient } from "../calcom/create-calcom-client.js";
import { calcomAccessToken } from "../connections/calcom-access-token.js";
import { refreshWithCalcom } from "../connections/refresh-with-calcom.js";
import type { CalcomConnectionRow, StoredEventType } from "../db/calcom-queries.js";
import type { Database } from "../db/database.js";
import { localDayWindow, type Interval } from "../scheduling/local-day.js";
import { calendarFailureMarking, calendarFailureOf, type CalendarFailure } from "./calendar-failure.js";
import { chooseEventType } from "./calcom-event-type.js";

/** A usable token for a connected business (what cancelling or moving a booking needs). */
export interface CalcomAccess {
  businessId: string;
  connection: CalcomConnectionRow;
  token: string;
  /** When the caller needs an answer by (a phone tool's budget); Cal.com calls stop there. */
  deadline?: Date | undefined;
}

/** …plus the event type to check or book (what availability and booking need). */
export interface CalcomContext extends CalcomAccess {
  eventType: StoredEventType;
}

/** The token, from the connection calendar_day already read: no round trip of its own unless it
 *  must be refreshed. */
export async function calcomAccess(
  db: Database,
  businessId: string,
  connection: CalcomConnectionRow | null,
  deadline?: Date,
): Promise<CalcomAccess | CalendarFailure> {
  if (!connection || connection.status === "needs_reconnect") return { kind: "needs_reconnect" };
  try {
    // Waiting for another request's refresh must not outlast the caller's deadline.
    const maxWaitMs = deadline ? Math.max(0, deadline.getTime() - Date.now()) : undefined;
    const token = await calcomAccessToken(db, businessId, { refresh: refreshWithCalcom, connection, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}) });
    return { businessId, connection, token, deadline };
  } catch (error) {
    return calendarFailureOf(error);
  }
}

export async function calcomContext(
  db: Database,
  businessId: string,
  connection: CalcomConnectionRow | null,
  eventTypeId?: number,
  deadline?: Date,
): Promise<CalcomContext | CalendarFailure> {
  const access = await calcomAccess(db, businessId, connection, deadline);
  if (!("token" in access)) return access;
  const eventType = chooseEventType(access.connection, eventTypeId);
  if (!eventType) return { kind: "unknown_event_type", offered: access.connection.event_types.map((e) => e.id) };
  return { ...access, eventType };
}

/** How a refused credential is reported and recorded (see calendarFailureMarking). */
export function failureOf(db: Database, access: CalcomAccess, error: unknown): Promise<CalendarFailure> {
  return calendarFailureMarking(db, { businessId: access.businessId, accessTokenEncrypted: access.connection.credentials?.access_token_encrypted }, error);
}

/**
 * Free Cal.com slots of a business's local day: one Cal.com request, for the UTC instants that
 * bound that day in the business's zone (23 or 25 hours long on DST change days), minus slots that
 * have begun.
 */
export async function calcomDaySlots(
  db: Database,
  context: CalcomContext,
  day: { date: string; timeZone: string },
  options: { now: Date },
): Promise<{ kind: "ok"; slots: Interval[] } | CalendarFailure> {
  const window = localDayWindow(day.date, day.timeZone);
  try {
    const client = createCalcomClient({ token: context.token }, { deadline: context.deadline });
    const slots = await client.getSlots({
      eventTypeId: context.eventType.id,
      start: window.start,
      end: window.end,
      timeZone: day.timeZone,
      slotMinutes: context.eventType.lengthInMinutes,
    });
    return { kind: "ok", slots: slots.filter((slot) => slot.start >= options.now && slot.start < window.end) };
  } catch (error) {
    return failureOf(db, context, error);
  }
}
