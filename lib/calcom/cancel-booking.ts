import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingResponseSchema, type CalcomBookingMade } from "./booking-schema.js";
import { requireUid } from "./require-uid.js";

export interface CancelOptions {
  reason?: string;
  /** For an occurrence of a recurring booking: cancel it and every later occurrence
   *  (`cancelSubsequentBookings`; given the first occurrence's uid, the whole series). */
  withLaterOccurrences?: boolean;
}

/** POST /v2/bookings/{uid}/cancel (2024-08-13); answers the cancelled booking (every cancelled
 *  occurrence for a series). Never retried. */
export function cancelBooking(transport: CalcomTransport, uid: string, options: CancelOptions = {}): Promise<CalcomBookingMade> {
  return transport.send({
    method: "POST",
    path: `/v2/bookings/${encodeURIComponent(requireUid(uid))}/cancel`,
    version: CALCOM_API_VERSIONS.bookings,
    body: {
      ...(options.reason === undefined ? {} : { cancellationReason: options.reason }),
      ...(options.withLaterOccurrences ? { cancelSubsequentBookings: true } : {}),
    },
    schema: BookingResponseSchema,
  });
}
