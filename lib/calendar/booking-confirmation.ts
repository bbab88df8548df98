import { z } from "zod";
import type { Booking } from "../db/booking-row.js";
import { BOOKING_STATUSES } from "../db/booking-row.js";
import { ErrorBodySchema } from "../http/error-body.js";
import { SlotViewSchema, toSlotView } from "./slot-view.js";

/** POST /api/calcom/book's 201: the booking, its times in the business's zone. */
export const BookingConfirmationSchema = z.object({
  booking: SlotViewSchema.extend({
    id: z.uuid(),
    timeZone: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    status: z.enum(BOOKING_STATUSES),
  }),
});
export type BookingConfirmation = z.infer<typeof BookingConfirmationSchema>;

/** POST /api/calcom/book's 409: why the slot cannot be had, and the free slots around it. */
export const SlotTakenErrorSchema = z.object({
  error: ErrorBodySchema.shape.error.extend({
    reason: z.enum(["taken", "past", "closed"]),
    alternatives: z.array(SlotViewSchema),
  }),
});

export function toBookingConfirmation(booking: Booking, timeZone: string): BookingConfirmation {
  const slot = toSlotView({ start: booking.start, end: booking.end }, timeZone);
  return {
    booking: {
      id: booking.id,
      ...slot,
      timeZone,
      name: booking.customerName,
      phone: booking.customerPhone,
      email: booking.customerEmail,
      notes: booking.notes,
      status: booking.status,
    },
  };
}
