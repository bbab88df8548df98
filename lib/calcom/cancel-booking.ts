import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingMadeSchema, type CalcomBookingMade } from "./booking-schema.js";
import { requireUid } from "./require-uid.js";
import { successEnvelope } from "./success-envelope.js";

export interface CancelOptions {
  reason?: string;
  /** For an occurrence of a recurring booking: cancel it and every later occurrence
   *  (`cancelSubsequentBookings`). A series' own uid cancels all of it without this. */
  withLaterOccurrences?: boolean;
}

/** A success is the cancellation, whatever the booking in it looks like: nothing we do next
 *  depends on it, and a 2xx we could not read must not leave our row live while Cal.com's is
 *  cancelled. The booking is given when readable. */
const CancelResponseSchema = successEnvelope(BookingMadeSchema.nullable().catch(null));

/** POST /v2/bookings/{uid}/cancel (2024-08-13). `uid` may be a booking's, an occurrence's, or a
 *  recurring booking's (then every occurrence is cancelled). Never retried. */
export function cancelBooking(transport: CalcomTransport, uid: string, options: CancelOptions = {}): Promise<CalcomBookingMade | null> {
  return transport.send({
    method: "POST",
    path: `/v2/bookings/${encodeURIComponent(requireUid(uid))}/cancel`,
    version: CALCOM_API_VERSIONS.bookings,
    body: {
      ...(options.reason === undefined ? {} : { cancellationReason: options.reason }),
      ...(options.withLaterOccurrences ? { cancelSubsequentBookings: true } : {}),
    },
    schema: CancelResponseSchema,
  });
}
