import type { Booking } from "../db/booking-row.js";
import { bookingCustomerOf, type BookingCustomer, type CalendarDay } from "../db/calendar-queries.js";
import type { Database } from "../db/database.js";
import { DbError } from "../db/db-errors.js";
import { localTimeToInstant } from "../scheduling/local-day.js";
import { overlaps } from "../scheduling/slots-within.js";
import type { CalendarFailure } from "./calendar-failure.js";
import { calcomBook } from "./calcom-book.js";
import { calcomContext } from "./calcom-day-slots.js";
import { freeSlots, nearestSlots } from "./free-slots.js";
import { idempotencyFingerprint } from "./idempotency-fingerprint.js";
import { toSlotView, type SlotView } from "./slot-view.js";

export interface AppointmentRequest extends BookingCustomer {
  businessId: string;
  /** An instant, or wall-clock time "YYYY-MM-DDTHH:mm" in the business's zone (how a
   *  receptionist speaks). */
  start: Date | string;
  /** Cal.com only: which event type (else the business's default). */
  eventTypeId?: number;
  /** When the caller needs an answer by; Cal.com is not asked after it. */
  deadline?: Date;
}

export type AppointmentResult =
  | { kind: "booked"; booking: Booking; timeZone: string; replayed: boolean }
  | { kind: "unknown_business" }
  | { kind: "slot_unavailable"; reason: "taken" | "past" | "closed"; timeZone: string; alternatives: SlotView[] }
  | { kind: "email_required" }
  /** The idempotency key was already used for a different request. */
  | { kind: "idempotency_mismatch" }
  | CalendarFailure;

/**
 * Books a slot in the business's calendar: one round trip for the day's context (which also finds
 * a replay and the Cal.com connection), then the built-in calendar's insert or Cal.com's booking
 * and its record. In the built-in calendar the exclusion constraint, not this check, is what makes
 * a double booking impossible: a request that loses a race is answered like any taken slot.
 */
export async function bookAppointment(db: Database, request: AppointmentRequest, now: Date): Promise<AppointmentResult> {
  const requested = request.start;
  const day = await db.calendarDay({
    businessId: request.businessId,
    ...(typeof requested === "string" ? { date: requested.slice(0, 10) } : { at: requested }),
    idempotencyKey: request.idempotencyKey ?? null,
  });
  return day ? bookOnDay(db, day, request, now) : { kind: "unknown_business" };
}

/** The same on a day already read: the local day of `request.start`, with the booking of its
 *  idempotency key (a phone tool reads it with the call's context). */
export async function bookOnDay(db: Database, day: CalendarDay, request: AppointmentRequest, now: Date): Promise<AppointmentResult> {
  const requested = request.start;
  const timeZone = day.business.timezone;
  const start = typeof requested === "string" ? localTimeToInstant(requested, timeZone) : requested;
  const fingerprint = request.idempotencyKey ? idempotencyFingerprint({ ...request, start }) : null;
  if (day.existing) {
    return day.existing.idempotencyFingerprint === fingerprint
      ? { kind: "booked", booking: day.existing, timeZone, replayed: true }
      : { kind: "idempotency_mismatch" };
  }
  if (day.business.calcomStatus !== "not_connected") return bookInCalcom(db, day, { ...request, start, idempotencyFingerprint: fingerprint }, now);

  const free = freeSlots(day, now);
  if (!free.some((slot) => slot.start.getTime() === start.getTime())) return unavailable(day, start, now);

  try {
    const booked = await db.bookBuiltinSlot({
      businessId: request.businessId,
      start,
      durationMinutes: day.business.slotMinutes,
      ...bookingCustomerOf({ ...request, idempotencyFingerprint: fingerprint }),
    });
    // The read above can only catch a mismatch that committed before it; one that raced us is
    // caught by the database where the row is written.
    if (booked.mismatch) return { kind: "idempotency_mismatch" };
    return { kind: "booked", booking: booked.booking, timeZone, replayed: booked.replayed };
  } catch (error) {
    if (!(error instanceof DbError && error.kind === "conflict")) throw error;
    // Someone else booked it between our two round trips: look again, then offer what is left.
    const fresh = await db.calendarDay({ businessId: request.businessId, at: start });
    return unavailable(fresh ?? day, start, now, "taken");
  }
}

async function bookInCalcom(db: Database, day: CalendarDay, request: AppointmentRequest & { start: Date }, now: Date): Promise<AppointmentResult> {
  const timeZone = day.business.timezone;
  if (request.start < now) return { kind: "slot_unavailable", reason: "past", timeZone, alternatives: [] };
  const context = await calcomContext(db, request.businessId, day.calcom, request.eventTypeId, request.deadline);
  if (!("token" in context)) return context;
  const result = await calcomBook(db, context, { ...request, timeZone }, now);
  if (result.kind === "booked") return { ...result, timeZone };
  if (result.kind === "slot_unavailable") return { kind: "slot_unavailable", reason: "taken", timeZone, alternatives: result.alternatives };
  return result;
}

function unavailable(day: CalendarDay, start: Date, now: Date, known?: "taken"): AppointmentResult {
  const timeZone = day.business.timezone;
  const length = day.business.slotMinutes * 60_000;
  const requested = { start, end: new Date(start.getTime() + length) };
  const reason = known ?? (start < now ? "past" : day.busy.some((taken) => overlaps(requested, taken)) ? "taken" : "closed");
  const alternatives = nearestSlots(freeSlots(day, now), start).map((slot) => toSlotView(slot, timeZone));
  return { kind: "slot_unavailable", reason, timeZone, alternatives };
}
