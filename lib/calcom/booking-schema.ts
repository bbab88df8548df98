import { z } from "zod";
import { optionalField } from "../schemas/optional-field.js";
import { optionalItems, readableItems } from "../schemas/readable-items.js";
import { InstantSchema } from "./instant-schema.js";
import { successEnvelope } from "./success-envelope.js";

/** An attendee as far as we use one: to find our booking again after a lost answer. Live answers
 *  have left out `email` (Cal.com issues #16913, #17703), so nothing here is required. */
const AttendeeSchema = z
  .looseObject({ name: optionalField(z.string()), phoneNumber: optionalField(z.string()) })
  .transform((attendee) => ({ name: attendee.name ?? null, phoneNumber: attendee.phoneNumber ?? null }));

/**
 * BookingOutput_2024_08_13 (and its recurring and seated variants), reduced to what we store and
 * act on. Without an id, a uid or a start we would record or confirm the wrong thing, so those
 * are required; everything else may be missing, null or of another shape (live answers carry
 * `rating: null`, `description: null`, seated bookings no `metadata`). Times are UTC instants.
 */
export const BookingSchema = z
  .looseObject({
    id: z.number().int().positive(),
    uid: z.string().min(1),
    start: InstantSchema,
    end: optionalField(InstantSchema),
    duration: optionalField(z.number().int().positive()),
    status: optionalField(z.string()),
    attendees: optionalItems(AttendeeSchema),
    metadata: optionalField(z.record(z.string(), z.unknown())),
    recurringBookingUid: optionalField(z.string().min(1)),
  })
  .transform((booking) => ({
    id: booking.id,
    uid: booking.uid,
    start: booking.start,
    durationMinutes: booking.duration ?? minutesBetween(booking.start, booking.end),
    /** accepted, pending, cancelled, rejected, … in lower case; null when Cal.com sent none. */
    status: booking.status?.toLowerCase() ?? null,
    attendees: booking.attendees,
    metadata: booking.metadata ?? {},
    /** The series a recurring booking's occurrence belongs to. */
    recurringBookingUid: booking.recurringBookingUid ?? null,
  }));

export type CalcomBooking = z.output<typeof BookingSchema>;

/** What a booking request made: the booking, and every booking Cal.com made with it (for a
 *  recurring event type, one per occurrence, earliest first; otherwise just the booking). */
export type CalcomBookingMade = CalcomBooking & { occurrences: CalcomBooking[] };

function minutesBetween(start: Date, end: Date | undefined): number | null {
  const minutes = end ? Math.round((end.getTime() - start.getTime()) / 60_000) : 0;
  return minutes > 0 ? minutes : null;
}

/**
 * Create, cancel and reschedule answer one booking, or an array for a recurring event type
 * (create makes every occurrence; cancel with cancelSubsequentBookings answers each it cancelled).
 * The earliest occurrence is the booking: the one we confirm to the caller and record.
 */
export const BookingMadeSchema = z.union([BookingSchema, z.array(BookingSchema).min(1)]).transform((data): CalcomBookingMade => {
  const occurrences = (Array.isArray(data) ? [...data] : [data]).sort((a, b) => a.start.getTime() - b.start.getTime());
  const [first] = occurrences as [CalcomBooking, ...CalcomBooking[]];
  return { ...first, occurrences };
});

export const BookingResponseSchema = successEnvelope(BookingMadeSchema);

/** GET /v2/bookings: a page of bookings (pagination ignored: we ask for one page of upcoming ones).
 *  A listed booking we cannot read is left out, not the page with it. */
export const BookingListResponseSchema = successEnvelope(readableItems(BookingSchema));
