import { setTimeout as sleep } from "node:timers/promises";
import type { CalcomBooking, CalcomBookingMade } from "../calcom/booking-schema.js";
import { CalcomError } from "../calcom/calcom-error.js";
import { createCalcomClient } from "../calcom/create-calcom-client.js";
import type { Booking } from "../db/booking-row.js";
import { bookingCustomerOf, type BookingCustomer, type CalcomSeries } from "../db/calendar-queries.js";
import type { Database } from "../db/database.js";
import { DbError } from "../db/db-errors.js";
import { log } from "../log.js";
import { localDateAt } from "../scheduling/local-day.js";
import type { CalendarFailure } from "./calendar-failure.js";
import { calcomDaySlots, failureOf, type CalcomContext } from "./calcom-day-slots.js";
import { nearestSlots } from "./free-slots.js";
import { toSlotView, type SlotView } from "./slot-view.js";

export interface CalcomBookingRequest extends BookingCustomer {
  businessId: string;
  start: Date;
  timeZone: string;
}

export type CalcomBookingResult =
  | { kind: "booked"; booking: Booking; replayed: boolean }
  | { kind: "slot_unavailable"; alternatives: SlotView[] }
  | { kind: "email_required" }
  | { kind: "idempotency_mismatch" }
  | CalendarFailure;

/**
 * Books in Cal.com, then records the booking: one Cal.com request. Cal.com has no idempotency key,
 * so nothing here retries the booking; a refused slot is answered with the day's nearest free
 * slots, and a booking we cannot record is cancelled again rather than left behind unrecorded.
 */
export async function calcomBook(db: Database, context: CalcomContext, request: CalcomBookingRequest, now: Date): Promise<CalcomBookingResult> {
  if (context.eventType.requiresEmail && !request.email) return { kind: "email_required" };
  const client = createCalcomClient({ token: context.token }, { deadline: context.deadline });
  // The booking request stops early enough to leave time to look for what it may have made.
  const writer = createCalcomClient({ token: context.token }, { deadline: writeDeadline(context.deadline) });
  let made: CalcomBookingMade;
  try {
    made = await writer.createBooking({
      eventTypeId: context.eventType.id,
      start: request.start,
      attendee: {
        name: request.name,
        timeZone: request.timeZone,
        ...(request.email ? { email: request.email } : {}),
        ...(request.phone ? { phoneNumber: request.phone } : {}),
      },
      ...(request.notes ? { bookingFieldsResponses: { notes: request.notes } } : {}),
      metadata: {
        ...(request.callId ? { callId: request.callId } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey.slice(0, 500) } : {}),
        ...(request.idempotencyFingerprint ? { idempotencyFingerprint: request.idempotencyFingerprint } : {}),
      },
    });
  } catch (error) {
    if (error instanceof CalcomError && error.kind === "slot_unavailable") {
      // A concurrent request with the same key may be the one that took this slot: a replay.
      const replay = request.idempotencyKey ? await recordedWithKey(db, request) : null;
      if (replay) return { kind: "booked", booking: replay, replayed: true };
      return { kind: "slot_unavailable", alternatives: await alternativesTo(db, context, request, now) };
    }
    if (error instanceof CalcomError && error.outcomeUnknown) {
      // Cal.com may have booked it: look before answering, never book again blindly.
      const found = await findOurBooking(client, request);
      if (!found) return failureOf(db, context, error);
      made = found;
    } else {
      return failureOf(db, context, error);
    }
  }

  if (!isLive(made)) {
    // Cal.com made it and refused it at once (rejected, cancelled, a status we do not know): there
    // is no appointment to confirm, nothing to record and nothing to undo.
    log.error("calcom_booking_not_live", { businessId: request.businessId, bookingUid: made.uid, status: made.status });
    return failureOf(db, context, new CalcomError("unavailable", `Cal.com answered the booking with status ${made.status ?? "none"}`));
  }
  try {
    const recorded = await db.recordCalcomBooking({
      businessId: request.businessId,
      calcomBookingId: made.id,
      calcomBookingUid: made.uid,
      eventTypeId: context.eventType.id,
      start: made.start,
      durationMinutes: made.durationMinutes ?? context.eventType.lengthInMinutes,
      status: made.status === "pending" ? "pending" : "confirmed",
      ...(made.occurrences.length > 1 && made.recurringBookingUid ? { series: seriesOf(made, made.recurringBookingUid) } : {}),
      ...bookingCustomerOf(request),
    });
    // A concurrent request with the same key but another body recorded first: ours must not stay
    // in Cal.com, and its caller hears nothing of the other request's booking.
    if (recorded.mismatch) {
      await cancelQuietly(client, made, "idempotency key used by another request");
      return { kind: "idempotency_mismatch" };
    }
    // A concurrent request with the same key recorded its booking first: ours is a duplicate.
    if (recorded.replayed && recorded.booking.calcomBookingUid !== made.uid) await cancelQuietly(client, made, "duplicate request");
    return { kind: "booked", booking: recorded.booking, replayed: recorded.replayed };
  } catch (error) {
    if (!(error instanceof DbError && error.kind === "unavailable" && !error.neverSent)) {
      await cancelQuietly(client, made, "could not be recorded");
      throw error;
    }
    // The database did not answer in time: the record may yet commit (the statement was sent, and
    // may be waiting on a lock), and undoing the booking in Cal.com would leave a row standing for
    // a cancelled appointment. A look that finds it recorded answers the caller; otherwise the
    // booking is kept and logged to be reconciled (an appointment in the owner's calendar that our
    // records may lack beats one we record and Cal.com has cancelled), never undone blindly.
    const recorded = request.idempotencyKey ? await recordedUnderKey(db, request).catch(() => null) : null;
    if (recorded?.calcomBookingUid === made.uid) return { kind: "booked", booking: recorded, replayed: false };
    log.error("calcom_booking_record_uncertain", { businessId: request.businessId, bookingUid: made.uid, error });
    throw error;
  }
}

/** A booking that holds its time: accepted, pending the host's confirmation, or of no stated status. */
function isLive(booking: CalcomBooking): boolean {
  return booking.status === null || booking.status === "accepted" || booking.status === "pending";
}

/** A recurring event type's occurrences, kept with the booking so the series is cancelled as one. */
function seriesOf(made: CalcomBookingMade, recurringBookingUid: string): CalcomSeries {
  return { recurringBookingUid, occurrences: made.occurrences.map(({ id, uid, start }) => ({ id, uid, start })) };
}

/** Kept back from a deadline for the lookup after a booking request whose answer was lost (a third
 *  of the time left, at most this): a Cal.com that books but answers late is then found and
 *  recorded, instead of leaving a booking nobody knows about while the caller hears a fallback. */
const LOOKUP_RESERVE_MS = 1_500;

function writeDeadline(deadline: Date | undefined): Date | undefined {
  if (!deadline) return undefined;
  const left = Math.max(0, deadline.getTime() - Date.now());
  return new Date(deadline.getTime() - Math.min(LOOKUP_RESERVE_MS, left / 3));
}

/** The booking recorded under this request's key, if the concurrent winner has recorded it (it
 *  gets a moment to: Cal.com answered it first, and recording is one short round trip). */
async function recordedWithKey(db: Database, request: CalcomBookingRequest): Promise<Booking | null> {
  for (const waitMs of [0, 250, 750]) {
    if (waitMs) await sleep(waitMs);
    const recorded = await recordedUnderKey(db, request);
    if (recorded && recorded.idempotencyFingerprint === (request.idempotencyFingerprint ?? null)) return recorded;
  }
  return null;
}

/** The row that holds this request's idempotency key now, whoever wrote it. */
async function recordedUnderKey(db: Database, request: CalcomBookingRequest): Promise<Booking | null> {
  const day = await db.calendarDay({ businessId: request.businessId, at: request.start, idempotencyKey: request.idempotencyKey ?? null });
  return day?.existing ?? null;
}

/** The booking a lost answer may have made: same start, and our idempotency key or caller; with
 *  the rest of its series when it is the first occurrence of a recurring booking. */
async function findOurBooking(client: ReturnType<typeof createCalcomClient>, request: CalcomBookingRequest): Promise<CalcomBookingMade | undefined> {
  try {
    const upcoming = await client.listUpcomingBookings({ afterStart: new Date(request.start.getTime() - 60_000), take: 100 });
    const found = upcoming.find(
      (b) =>
        isLive(b) &&
        b.start.getTime() === request.start.getTime() &&
        // The key and what was asked: another request racing with the same key is not ours.
        (request.idempotencyKey
          ? b.metadata.idempotencyKey === request.idempotencyKey.slice(0, 500) && b.metadata.idempotencyFingerprint === (request.idempotencyFingerprint ?? undefined)
          : b.attendees.some((a) => a.name === request.name && (!request.phone || a.phoneNumber === request.phone))),
    );
    if (!found) return undefined;
    const series = found.recurringBookingUid === null ? [found] : upcoming.filter((b) => b.recurringBookingUid === found.recurringBookingUid);
    return { ...found, occurrences: series };
  } catch {
    return undefined;
  }
}

async function alternativesTo(db: Database, context: CalcomContext, request: CalcomBookingRequest, now: Date): Promise<SlotView[]> {
  const day = await calcomDaySlots(db, context, { date: localDateAt(request.start, request.timeZone), timeZone: request.timeZone }, { now });
  if (day.kind !== "ok") return [];
  return nearestSlots(day.slots.filter((slot) => slot.start.getTime() !== request.start.getTime()), request.start).map((slot) => toSlotView(slot, request.timeZone));
}

/** Undoes what a booking request made: the booking, or for a series every occurrence (by the
 *  series' uid; without one, the booking is the first occurrence: it and all later ones). */
async function cancelQuietly(client: ReturnType<typeof createCalcomClient>, made: CalcomBookingMade, why: string): Promise<void> {
  const series = made.occurrences.length > 1;
  try {
    await client.cancelBooking(series && made.recurringBookingUid ? made.recurringBookingUid : made.uid, {
      reason: `Cancelled automatically: ${why}`,
      withLaterOccurrences: series && !made.recurringBookingUid,
    });
  } catch (error) {
    log.error("calcom_compensation_failed", { bookingUid: made.uid, why, error });
  }
}
