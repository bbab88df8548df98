import { BookingListQuerySchema } from "../../../lib/bookings/booking-list-query.js";
import { listBookings } from "../../../lib/bookings/list-bookings.js";
import { getDatabase } from "../../../lib/db/get-database.js";
import { businessIdFrom } from "../../../lib/http/path-param.js";
import { requireAdmin } from "../../../lib/http/require-admin.js";
import { respond } from "../../../lib/http/respond.js";
import { searchParamsOf } from "../../../lib/http/search-params.js";

// GET /api/businesses/{id}/bookings – a page of the business's bookings by appointment time (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const query = BookingListQuerySchema.parse(searchParamsOf(request));
    return Response.json(await listBookings(await getDatabase(), businessId, query));
  });
}
