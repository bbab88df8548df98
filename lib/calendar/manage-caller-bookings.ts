import { CalcomError } from "../calcom/calcom-error.js";
import { createCalcomClient } from "../calcom/create-calcom-client.js";
import type { Booking } from "../db/booking-row.js";
import type { CalendarDay } from "../db/calendar-queries.js";
import type { CallerBookings, ToolAnswer } from "../db/caller-booking-queries.js";
import type { Database } from "../db/database.js";
import { DbError } from "../db/db-errors.js";
import { log } from "../log.js";
import { localDateAt, localTimeToInstant } from "../scheduling/local-day.js";
import type { CalendarFailure } from "./calendar-failure.js";
import { calcomAccess, calcomDaySlots, failureOf } from "./calcom-day-slots.js";
import { freeSlots, nearestSlots } from "./free-slots.js";
import { toSlotView, type SlotView } from "./slot-view.js";

/**
 * A caller's own bookings at a business: found, cancelled and moved only by the number the call
 * comes from (caller ID), never by a name or email said on the phone. The tenant is the business
 * of the call; a booking id of another caller or business is simply "not found".
 */
export interface Caller {
  businessId: string;
  phone: string;
}

/** What a caller of these functions may already know, and what to keep with the change. */
export interface CallerBookingOptions {
  /** Cal.com is not asked after this. */
  deadline?: Date;
  /** The caller's bookings, already read (a phone tool reads them with the call's context). */
  known?: CallerBookings;
  /** Keeps an answer in the same transaction as the change (given the booking's new start). */
  answer?: (start: Date) => ToolAnswer;
}

export type CancelResult = { kind: "cancelled"; booking: Booking } | { kind: "not_found" } | CalendarFailure;

/** Cancels in Cal.com first (for its bookings), then here; a booking Cal.com no longer has is
 *  cancelled here too, since there is nothing left to keep. */
export async function cancelCallerBooking(db: Database, caller: Caller, bookingId: string, now: Date, options: CallerBookingOptions = {}): Promise<CancelResult> {
  const { deadline } = options;
  const found = options.known ?? (await db.callerBookings({ ...caller, from: now }));
  const booking = found?.bookings.find((b) => b.id === bookingId);
  if (!found || !booking) return { kind: "not_found" };
  if (booking.calcomBookingUid) {
    const access = await calcomAccess(db, caller.businessId, found.calcom, deadline);
    if (!("token" in access)) return access;
    try {
      // A recurring booking was booked as a series and is cancelled as one, by the series' uid.
      await createCalcomClient({ token: access.token }, { deadline }).cancelBooking(booking.calcomRecurringBookingUid ?? booking.calcomBookingUid, {
        reason: "Cancelled by the caller on the phone",
      });
    } catch (error) {
      if (!(error instanceof CalcomError && error.kind === "not_found")) return failureOf(db, access, error);
    }
  }
  const cancelled = await db.cancelCallerBooking({ ...caller, bookingId, answer: options.answer?.(booking.start) });
  return cancelled ? { kind: "cancelled", booking: cancelled } : { kind: "not_found" };
}

export type RescheduleResult =
  | { kind: "rescheduled"; booking: Booking; timeZone: string }
  | { kind: "not_found" }
  | { kind: "slot_unavailable"; timeZone: string; alternatives: SlotView[] }
  | CalendarFailure;

/** Moves a caller's booking to `start` (an instant, or the business's local time as YYYY-MM-DDTHH:mm). */
export async function rescheduleCallerBooking(
  db: Database,
  caller: Caller,
  bookingId: string,
  start: Date | string,
  now: Date,
  options: CallerBookingOptions & { day?: CalendarDay } = {},
): Promise<RescheduleResult> {
  const found = options.known ?? (await db.callerBookings({ ...caller, from: now }));
  const booking = found?.bookings.find((b) => b.id === bookingId);
  if (!found || !booking) return { kind: "not_found" };
  const timeZone = found.business.timezone;
  const instant = typeof start === "string" ? localTimeToInstant(start, timeZone) : start;
  if (instant < now) return { kind: "slot_unavailable", timeZone, alternatives: [] };
  return booking.calcomBookingUid
    ? rescheduleInCalcom(db, caller, found, booking, instant, now, options)
    : rescheduleBuiltin(db, caller, booking, instant, timeZone, now, options);
}

async function rescheduleBuiltin(
  db: Database,
  caller: Caller,
  booking: Booking,
  start: Date,
  timeZone: string,
  now: Date,
  options: CallerBookingOptions & { day?: CalendarDay },
): Promise<RescheduleResult> {
  const day = options.day ?? (await db.calendarDay({ businessId: caller.businessId, at: start }));
  if (!day) return { kind: "not_found" };
  // The booking's own time is free for itself.
  const free = freeSlots({ ...day, busy: day.busy.filter((b) => b.start.getTime() !== booking.start.getTime()) }, now);
  const offer = () => nearestSlots(free.filter((s) => s.start.getTime() !== start.getTime()), start).map((s) => toSlotView(s, timeZone));
  if (!free.some((slot) => slot.start.getTime() === start.getTime())) return { kind: "slot_unavailable", timeZone, alternatives: offer() };
  try {
    const moved = await db.rescheduleCallerBooking({ ...caller, bookingId: booking.id, start, answer: options.answer?.(start) });
    return moved ? { kind: "rescheduled", booking: moved, timeZone } : { kind: "not_found" };
  } catch (error) {
    if (!(error instanceof DbError && error.kind === "conflict")) throw error;
    return { kind: "slot_unavailable", timeZone, alternatives: offer() };
  }
}

/** Cal.com makes a new booking (new uid) in place of the old one; the row follows it. */
async function rescheduleInCalcom(
  db: Database,
  caller: Caller,
  found: CallerBookings,
  booking: Booking,
  start: Date,
  now: Date,
  options: CallerBookingOptions,
): Promise<RescheduleResult> {
  const { deadline } = options;
  const timeZone = found.business.timezone;
  const access = await calcomAccess(db, caller.businessId, found.calcom, deadline);
  if (!("token" in access)) return access;
  let made;
  try {
    made = await createCalcomClient({ token: access.token }, { deadline }).rescheduleBooking(booking.calcomBookingUid ?? "", start, "Moved by the caller on the phone");
  } catch (error) {
    if (!(error instanceof CalcomError && error.kind === "slot_unavailable")) return failureOf(db, access, error);
    // The event type is only needed to list other times; a deleted one just means none to offer.
    const eventType = access.connection.event_types.find((e) => e.id === booking.eventTypeId);
    const day = eventType ? await calcomDaySlots(db, { ...access, eventType }, { date: localDateAt(start, timeZone), timeZone }, { now }) : undefined;
    const alternatives = day?.kind === "ok" ? nearestSlots(day.slots, start).map((s) => toSlotView(s, timeZone)) : [];
    return { kind: "slot_unavailable", timeZone, alternatives };
  }
  const moved = await db
    .rescheduleCallerBooking({ ...caller, bookingId: booking.id, start: made.start, calcom: { id: made.id, uid: made.uid }, answer: options.answer?.(made.start) })
    .catch((error: unknown) => {
    log.error("calcom_reschedule_not_recorded", { businessId: caller.businessId, bookingId: booking.id, oldUid: booking.calcomBookingUid, newUid: made.uid, error });
    throw error;
  });
  if (!moved) log.error("calcom_reschedule_not_recorded", { businessId: caller.businessId, bookingId: booking.id, oldUid: booking.calcomBookingUid, newUid: made.uid });
  return moved ? { kind: "rescheduled", booking: moved, timeZone } : { kind: "not_found" };
}
