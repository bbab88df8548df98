import { z } from "zod";
import { InstantSchema } from "./instant-schema.js";
import { successEnvelope } from "./success-envelope.js";

const AttendeeSchema = z.object({
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  phoneNumber: z.string().optional(),
});

/** BookingOutput_2024_08_13, reduced to what we store and speak. Times are UTC instants. */
export const BookingSchema = z
  .object({
    id: z.number().int(),
    uid: z.string(),
    title: z.string(),
    status: z.enum(["accepted", "pending", "cancelled", "rejected"]),
    start: InstantSchema,
    end: InstantSchema,
    duration: z.number(),
    eventTypeId: z.number().int().nullable().optional(),
    eventType: z.object({ id: z.number().int(), slug: z.string() }).optional(),
    attendees: z.array(AttendeeSchema),
    metadata: z.record(z.string(), z.unknown()).optional(),
    bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
    rescheduledFromUid: z.string().optional(),
    rescheduledToUid: z.string().optional(),
    cancellationReason: z.string().optional(),
  })
  .transform((booking) => ({
    id: booking.id,
    uid: booking.uid,
    title: booking.title,
    status: booking.status,
    start: booking.start,
    end: booking.end,
    durationMinutes: booking.duration,
    eventTypeId: booking.eventType?.id ?? booking.eventTypeId ?? null,
    attendees: booking.attendees.map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      timeZone: attendee.timeZone,
      phoneNumber: attendee.phoneNumber ?? null,
    })),
    metadata: booking.metadata ?? {},
    bookingFieldsResponses: booking.bookingFieldsResponses ?? {},
    rescheduledFromUid: booking.rescheduledFromUid ?? null,
    rescheduledToUid: booking.rescheduledToUid ?? null,
    cancellationReason: booking.cancellationReason ?? null,
  }));

export type CalcomBooking = z.output<typeof BookingSchema>;

/** Create, cancel and reschedule answer one booking (recurring and seated variants are not ours). */
export const BookingResponseSchema = successEnvelope(BookingSchema);

/** GET /v2/bookings: a page of bookings (pagination ignored: we ask for one page of upcoming ones). */
export const BookingListResponseSchema = successEnvelope(z.array(BookingSchema));
