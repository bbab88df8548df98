import { z } from "zod";
import { BookingRowSchema, type Booking } from "./booking-row.js";
import { BusinessRowSchema, type Business } from "./business-row.js";
import { ConnectionSchema, type CalcomConnectionRow } from "./calcom-queries.js";
import type { DbTransport } from "./transport.js";

const CallerBookingsSchema = z
  .object({ business: BusinessRowSchema, calcom: ConnectionSchema, bookings: z.array(BookingRowSchema) })
  .nullable();

export interface CallerBookings {
  business: Business;
  calcom: CalcomConnectionRow | null;
  /** The caller's live bookings that have not ended, soonest first. */
  bookings: Booking[];
}

/** A phone tool's answer, kept in the same transaction as the change it describes, so a
 *  redelivered tool call hears it again instead of acting twice. */
export interface ToolAnswer {
  callId: string;
  toolCallId: string;
  name: string;
  result: string;
}

export interface CallerBookingQueries {
  /** One round trip: the business, its Cal.com connection and the bookings made from this number. */
  callerBookings(query: { businessId: string; phone: string; from: Date }): Promise<CallerBookings | null>;
  /** Null when the booking is not a live one of this caller at this business. */
  cancelCallerBooking(query: { businessId: string; bookingId: string; phone: string; answer?: ToolAnswer }): Promise<Booking | null>;
  /** Null as above; DbError conflict when a built-in booking would overlap another. */
  rescheduleCallerBooking(query: {
    businessId: string;
    bookingId: string;
    phone: string;
    start: Date;
    calcom?: { id: number; uid: string };
    answer?: ToolAnswer;
  }): Promise<Booking | null>;
}

export function callerBookingQueries(transport: DbTransport): CallerBookingQueries {
  const booking = (value: unknown) => BookingRowSchema.nullable().parse(value ?? null);
  return {
    async callerBookings({ businessId, phone, from }) {
      return CallerBookingsSchema.parse(
        await transport.value("caller_bookings", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_customer_phone", type: "text", value: phone },
          { name: "p_from", type: "timestamptz", value: from.toISOString() },
        ]),
      );
    },
    async cancelCallerBooking({ businessId, bookingId, phone, answer }) {
      return booking(
        await transport.value("cancel_caller_booking", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_booking_id", type: "uuid", value: bookingId },
          { name: "p_customer_phone", type: "text", value: phone },
          { name: "p_answer", type: "jsonb", value: answer ?? null },
        ]),
      );
    },
    async rescheduleCallerBooking({ businessId, bookingId, phone, start, calcom, answer }) {
      return booking(
        await transport.value("reschedule_caller_booking", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_booking_id", type: "uuid", value: bookingId },
          { name: "p_customer_phone", type: "text", value: phone },
          { name: "p_start", type: "timestamptz", value: start.toISOString() },
          { name: "p_calcom_booking_id", type: "bigint", value: calcom?.id ?? null },
          { name: "p_calcom_booking_uid", type: "text", value: calcom?.uid ?? null },
          { name: "p_answer", type: "jsonb", value: answer ?? null },
        ]),
      );
    },
  };
}
