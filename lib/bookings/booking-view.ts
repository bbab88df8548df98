import { z } from "zod";
import { BOOKING_STATUSES, type Booking } from "../db/booking-row.js";

const Timestamp = z.iso.datetime({ offset: true });

/** A booking as the operator API shows it (idempotency keys and fingerprints stay inside). */
export const BookingViewSchema = z.object({
  id: z.uuid(),
  businessId: z.uuid(),
  callId: z.uuid().nullable().describe("The call that booked it; null when booked through the operator API."),
  calendar: z.enum(["calcom", "builtin"]).describe("Where the appointment lives: the business's Cal.com, or the built-in calendar."),
  calcomBookingUid: z.string().nullable(),
  eventTypeId: z.number().int().nullable(),
  customerName: z.string(),
  customerEmail: z.string().nullable(),
  customerPhone: z.string().nullable(),
  start: Timestamp,
  end: Timestamp,
  durationMinutes: z.number().int(),
  status: z.enum(BOOKING_STATUSES),
  notes: z.string().nullable(),
  cancelledAt: Timestamp.nullable(),
  createdAt: Timestamp,
});

export type BookingView = z.infer<typeof BookingViewSchema>;

export function toBookingView(booking: Booking): BookingView {
  return BookingViewSchema.parse({
    ...booking,
    calendar: booking.calcomBookingUid ? "calcom" : "builtin",
    start: booking.start.toISOString(),
    end: booking.end.toISOString(),
    cancelledAt: booking.cancelledAt && new Date(booking.cancelledAt).toISOString(),
    createdAt: new Date(booking.createdAt).toISOString(),
  });
}
