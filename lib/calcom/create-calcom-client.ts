import type { CalcomBooking, CalcomBookingMade } from "./booking-schema.js";
import { cancelBooking, type CancelOptions } from "./cancel-booking.js";
import { createBooking, type NewBooking } from "./create-booking.js";
import { createCalcomTransport, type CalcomTransportOptions } from "./calcom-transport.js";
import type { CalcomEventType } from "./event-type-schema.js";
import { getEventType } from "./get-event-type.js";
import { getMe } from "./get-me.js";
import { getSlots, type SlotsQuery } from "./get-slots.js";
import { listEventTypes } from "./list-event-types.js";
import { listUpcomingBookings, type UpcomingBookingsQuery } from "./list-upcoming-bookings.js";
import type { CalcomMe } from "./me-schema.js";
import { rescheduleBooking } from "./reschedule-booking.js";
import type { CalcomSlot } from "./slots-schema.js";

export interface CalcomClient {
  getMe(): Promise<CalcomMe>;
  listEventTypes(): Promise<CalcomEventType[]>;
  getEventType(eventTypeId: number): Promise<CalcomEventType>;
  getSlots(query: SlotsQuery): Promise<CalcomSlot[]>;
  createBooking(booking: NewBooking): Promise<CalcomBookingMade>;
  cancelBooking(uid: string, options?: CancelOptions): Promise<CalcomBookingMade | null>;
  rescheduleBooking(uid: string, start: Date, reason?: string): Promise<CalcomBookingMade>;
  listUpcomingBookings(query?: UpcomingBookingsQuery): Promise<CalcomBooking[]>;
}

export type CalcomClientOptions = CalcomTransportOptions;

/**
 * A Cal.com API v2 client for one connection: an OAuth access token or an API key (`cal_…`), both
 * sent as a Bearer token. Build one per request (cheap) so the deadline is that request's.
 * Every method throws CalcomError, never an axios error.
 */
export function createCalcomClient(credentials: { token: string }, options: CalcomClientOptions = {}): CalcomClient {
  const { token } = credentials;
  if (token.trim() === "") throw new RangeError("a Cal.com token must not be empty");
  const transport = createCalcomTransport({ bearer: token, rateLimitKey: token, secrets: [token] }, options);
  return {
    getMe: () => getMe(transport),
    listEventTypes: () => listEventTypes(transport),
    getEventType: (eventTypeId) => getEventType(transport, eventTypeId),
    getSlots: (query) => getSlots(transport, query),
    createBooking: (booking) => createBooking(transport, booking),
    cancelBooking: (uid, options) => cancelBooking(transport, uid, options),
    rescheduleBooking: (uid, start, reason) => rescheduleBooking(transport, uid, start, reason),
    listUpcomingBookings: (query) => listUpcomingBookings(transport, query),
  };
}
