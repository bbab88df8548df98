import { z } from "zod";
import { BOOKING_STATUSES } from "../db/booking-row.js";
import { DateRangeQuerySchema } from "../http/date-range-query.js";
import { PageQuerySchema } from "../http/page.js";
import { E164QueryParamSchema } from "../phone/e164.js";

/** GET /api/businesses/{id}/bookings's query; from/to bound the appointment's start. */
export const BookingListQuerySchema = PageQuerySchema.extend(DateRangeQuerySchema.shape).extend({
  status: z.enum(BOOKING_STATUSES).optional().describe("Only bookings in this status."),
  phone: E164QueryParamSchema.optional().describe("Only bookings of this caller (E.164; encode + as %2B)."),
  callId: z.uuid("must be a uuid").optional().describe("Only bookings made on this call."),
});
