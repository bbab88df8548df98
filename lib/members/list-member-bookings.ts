import { toBookingView, type BookingView } from "../bookings/booking-view.js";
import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";
import { decodeCursor, toPage, type Page } from "../http/page.js";
import type { MemberBookingListQuery } from "./member-booking-list-query.js";

/** A page of the business's upcoming or past bookings, run as the member; 404 for a business
 *  the member cannot see. Each list has its own cursors: a cursor of upcoming bookings is no
 *  position among past ones. */
export async function listMemberBookings(member: MemberQueries, businessId: string, query: MemberBookingListQuery): Promise<Page<BookingView>> {
  const scope = `member-bookings:${query.when}:${businessId}`;
  const rows = await member.listBookings(businessId, { when: query.when, after: decodeCursor(scope, query.cursor), limit: query.limit });
  if (!rows) throw new ApiError("not_found", `business ${businessId} not found`);
  return toPage(rows, query.limit, scope, (booking) => ({ at: booking.at, id: booking.id }), toBookingView);
}
