import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingResponseSchema, type CalcomBooking } from "./booking-schema.js";
import { requireUid } from "./require-uid.js";

/** POST /v2/bookings/{uid}/cancel (2024-08-13); answers the booking with status "cancelled". Never retried. */
export function cancelBooking(transport: CalcomTransport, uid: string, reason?: string): Promise<CalcomBooking> {
  return transport.send({
    method: "POST",
    path: `/v2/bookings/${encodeURIComponent(requireUid(uid))}/cancel`,
    version: CALCOM_API_VERSIONS.bookings,
    body: reason === undefined ? {} : { cancellationReason: reason },
    schema: BookingResponseSchema,
  });
}
