import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingListResponseSchema, type CalcomBooking } from "./booking-schema.js";

export interface UpcomingBookingsQuery {
  /** Only bookings starting at or after this instant. */
  afterStart?: Date;
  /** Page size (Cal.com's default is 100). */
  take?: number;
}

/**
 * GET /v2/bookings?status=upcoming (2024-08-13), earliest first. There is no phone filter: callers
 * match attendees themselves. Cal.com has ignored `afterStart` before (reference/calcom.md §9), so
 * it is applied again here.
 */
export async function listUpcomingBookings(transport: CalcomTransport, query: UpcomingBookingsQuery = {}): Promise<CalcomBooking[]> {
  if (query.take !== undefined && (!Number.isSafeInteger(query.take) || query.take <= 0)) {
    throw new RangeError(`take must be a positive integer, got ${query.take}`);
  }
  const bookings = await transport.send({
    method: "GET",
    path: "/v2/bookings",
    version: CALCOM_API_VERSIONS.bookings,
    params: { status: "upcoming", afterStart: query.afterStart?.toISOString(), take: query.take, sortStart: "asc" },
    schema: BookingListResponseSchema,
  });
  const after = query.afterStart?.getTime() ?? Number.NEGATIVE_INFINITY;
  return bookings.filter((booking) => booking.start.getTime() >= after).sort((a, b) => a.start.getTime() - b.start.getTime());
}
