import { z } from "zod";

export const BOOKING_STATUSES = ["pending", "confirmed", "cancelled", "rescheduled"] as const;

/** A bookings row as the server functions return it (to_jsonb / PostgREST JSON). */
export const BookingRowSchema = z
  .object({
    id: z.uuid(),
    business_id: z.uuid(),
    call_id: z.uuid().nullable(),
    calcom_booking_uid: z.string().nullable(),
    event_type_id: z.number().int().nullable(),
    customer_name: z.string(),
    customer_email: z.string().nullable(),
    customer_phone: z.string().nullable(),
    scheduled_at: z.string(),
    ends_at: z.string(),
    duration_minutes: z.number().int(),
    status: z.enum(BOOKING_STATUSES),
    notes: z.string().nullable(),
    cancelled_at: z.string().nullable(),
    idempotency_fingerprint: z.string().nullable(),
    // Our own notes on the booking; a Cal.com series keeps its uid here (calendar-queries.ts).
    metadata: z.looseObject({ calcomRecurringBookingUid: z.string().optional() }).optional(),
    created_at: z.string(),
  })
  .transform((row) => ({
    id: row.id,
    businessId: row.business_id,
    callId: row.call_id,
    calcomBookingUid: row.calcom_booking_uid,
    eventTypeId: row.event_type_id,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    customerPhone: row.customer_phone,
    start: new Date(row.scheduled_at),
    end: new Date(row.ends_at),
    durationMinutes: row.duration_minutes,
    status: row.status,
    notes: row.notes,
    cancelledAt: row.cancelled_at,
    idempotencyFingerprint: row.idempotency_fingerprint,
    /** Set when the booking is the first occurrence of a recurring Cal.com booking. */
    calcomRecurringBookingUid: row.metadata?.calcomRecurringBookingUid ?? null,
    createdAt: row.created_at,
  }));

export type Booking = z.output<typeof BookingRowSchema>;
