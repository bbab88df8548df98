import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingResponseSchema, type CalcomBookingMade } from "./booking-schema.js";
import { requireUid } from "./require-uid.js";

/**
 * POST /v2/bookings/{uid}/reschedule (2024-08-13). Cal.com creates a NEW booking with a new uid
 * (its `rescheduledFromUid` is the old one): store the returned uid. Never retried.
 */
export function rescheduleBooking(transport: CalcomTransport, uid: string, start: Date, reason?: string): Promise<CalcomBookingMade> {
  return transport.send({
    method: "POST",
    path: `/v2/bookings/${encodeURIComponent(requireUid(uid))}/reschedule`,
    version: CALCOM_API_VERSIONS.bookings,
    body: reason === undefined ? { start: start.toISOString() } : { start: start.toISOString(), reschedulingReason: reason },
    schema: BookingResponseSchema,
  });
}
