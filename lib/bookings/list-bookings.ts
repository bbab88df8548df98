import type { z } from "zod";
import type { Database } from "../db/database.js";
import { ApiError } from "../http/api-error.js";
import { decodeCursor, toPage, type Page } from "../http/page.js";
import type { BookingListQuerySchema } from "./booking-list-query.js";
import { toBookingView, type BookingView } from "./booking-view.js";

/** One page of a business's bookings by appointment time; 404 for an unknown business. */
export async function listBookings(db: Database, businessId: string, query: z.output<typeof BookingListQuerySchema>): Promise<Page<BookingView>> {
  const scope = `bookings:${businessId}`;
  const rows = await db.listBookings(businessId, {
    from: query.from,
    to: query.to,
    status: query.status,
    customerPhone: query.phone,
    callId: query.callId,
    after: decodeCursor(scope, query.cursor),
    limit: query.limit,
  });
  if (!rows) throw new ApiError("not_found", `business ${businessId} not found`);
  return toPage(rows, query.limit, scope, (booking) => ({ at: booking.at, id: booking.id }), toBookingView);
}
