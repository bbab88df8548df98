import { z } from "zod";
import { BookingRowSchema, type Booking } from "./booking-row.js";
import { BusinessRowSchema, type Business } from "./business-row.js";
import { ConnectionSchema, type CalcomConnectionRow } from "./calcom-queries.js";
import type { DbArg, DbTransport } from "./transport.js";

const CalendarDaySchema = z
  .object({
    business: BusinessRowSchema,
    date: z.string(),
    busy: z.array(z.object({ start: z.string(), end: z.string() })),
    existing: BookingRowSchema.nullable(),
    calcom: ConnectionSchema,
  })
  .nullable();

/** A business's local day as the calendar sees it. */
export interface CalendarDay {
  business: Business;
  /** The local date (YYYY-MM-DD) in the business's zone. */
  date: string;
  /** Live built-in bookings overlapping that day. */
  busy: { start: Date; end: Date }[];
  /** The booking already made with the request's idempotency key, if any. */
  existing: Booking | null;
  /** The Cal.com connection, when the business has (or had) one. */
  calcom: CalcomConnectionRow | null;
}

/** Who a booking is for and where the request came from: the same for every calendar. */
export interface BookingCustomer {
  name: string;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
  /** The call that made the booking, if any. */
  callId?: string | null;
  /** The same key books once: a repeat returns the first booking. */
  idempotencyKey?: string | null;
  /** A hash of the request made with the key (see idempotencyFingerprint). */
  idempotencyFingerprint?: string | null;
}

/** Just the customer part of a request that carries more (a booking request, say). */
export function bookingCustomerOf(request: BookingCustomer): BookingCustomer {
  const { name, phone, email, notes, callId, idempotencyKey, idempotencyFingerprint } = request;
  return { name, phone, email, notes, callId, idempotencyKey, idempotencyFingerprint };
}

export interface NewBuiltinBooking extends BookingCustomer {
  businessId: string;
  start: Date;
  durationMinutes: number;
}

export interface NewCalcomBooking extends BookingCustomer {
  businessId: string;
  calcomBookingId: number;
  calcomBookingUid: string;
  eventTypeId: number;
  start: Date;
  durationMinutes: number;
  status: "pending" | "confirmed";
  /** A recurring event type's series: every occurrence Cal.com made, kept in bookings.metadata
   *  so the series is cancelled as one. */
  series?: CalcomSeries;
}

export interface CalcomSeries {
  recurringBookingUid: string;
  occurrences: { id: number; uid: string; start: Date }[];
}

export interface CalendarQueries {
  /** One round trip: the business, its bookings on the local day of `date` (or of the instant
   *  `at`), and the booking of `idempotencyKey`. Null when the business is unknown. */
  calendarDay(query: { businessId: string; date?: string; at?: Date; idempotencyKey?: string | null }): Promise<CalendarDay | null>;
  /** Throws DbError conflict when the slot overlaps a live booking; replays by idempotency key. */
  bookBuiltinSlot(booking: NewBuiltinBooking): Promise<Booked>;
  /** Stores a booking Cal.com made; replays by idempotency key. */
  recordCalcomBooking(booking: NewCalcomBooking): Promise<Booked>;
}

/**
 * What a booking function did: booked (or replayed the booking its idempotency key already holds,
 * for the same request), or found the key held by a different request (`mismatch`). The database
 * compares the requests' fingerprints where it writes the row, so racing requests sharing a key
 * are never answered with each other's booking.
 */
export type Booked = { booking: Booking; replayed: boolean; mismatch?: never } | { mismatch: true };

const BookedSchema = z.union([
  z.object({ booking: BookingRowSchema, replayed: z.boolean() }),
  z.object({ booking: z.null(), mismatch: z.literal(true) }).transform(() => ({ mismatch: true as const })),
]);

/** The booking functions' trailing arguments: who the booking is for and where it came from. */
function customerArgs(booking: BookingCustomer): DbArg[] {
  return [
    { name: "p_customer_name", type: "text", value: booking.name },
    { name: "p_customer_phone", type: "text", value: booking.phone ?? null },
    { name: "p_customer_email", type: "text", value: booking.email ?? null },
    { name: "p_notes", type: "text", value: booking.notes ?? null },
    { name: "p_call_id", type: "uuid", value: booking.callId ?? null },
    { name: "p_idempotency_key", type: "text", value: booking.idempotencyKey ?? null },
    { name: "p_idempotency_fingerprint", type: "text", value: booking.idempotencyFingerprint ?? null },
  ];
}

export function calendarQueries(transport: DbTransport): CalendarQueries {
  return {
    async calendarDay({ businessId, date, at, idempotencyKey }) {
      const day = CalendarDaySchema.parse(
        await transport.value("calendar_day", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_date", type: "date", value: date ?? null },
          { name: "p_at", type: "timestamptz", value: at?.toISOString() ?? null },
          { name: "p_idempotency_key", type: "text", value: idempotencyKey ?? null },
        ]),
      );
      if (!day) return null;
      return { ...day, busy: day.busy.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })) };
    },

    async bookBuiltinSlot(booking) {
      return BookedSchema.parse(
        await transport.value("book_builtin_slot", [
          { name: "p_business_id", type: "uuid", value: booking.businessId },
          { name: "p_start", type: "timestamptz", value: booking.start.toISOString() },
          { name: "p_duration_minutes", type: "integer", value: booking.durationMinutes },
          ...customerArgs(booking),
        ]),
      );
    },

    async recordCalcomBooking(booking) {
      return BookedSchema.parse(
        await transport.value("record_calcom_booking", [
          { name: "p_business_id", type: "uuid", value: booking.businessId },
          { name: "p_calcom_booking_id", type: "bigint", value: booking.calcomBookingId },
          { name: "p_calcom_booking_uid", type: "text", value: booking.calcomBookingUid },
          { name: "p_event_type_id", type: "bigint", value: booking.eventTypeId },
          { name: "p_start", type: "timestamptz", value: booking.start.toISOString() },
          { name: "p_duration_minutes", type: "integer", value: booking.durationMinutes },
          { name: "p_status", type: "text", value: booking.status },
          ...customerArgs(booking),
          { name: "p_metadata", type: "jsonb", value: booking.series ? seriesMetadata(booking.series) : {} },
        ]),
      );
    },
  };
}

/** How a series is kept in bookings.metadata (BookingRowSchema reads it back). */
function seriesMetadata(series: CalcomSeries): Record<string, unknown> {
  return {
    calcomRecurringBookingUid: series.recurringBookingUid,
    calcomOccurrences: series.occurrences.map((o) => ({ id: o.id, uid: o.uid, start: o.start.toISOString() })),
  };
}
