import { getDatabase } from "../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../lib/http/path-param.js";
import { requireMember } from "../../../../lib/http/require-member.js";
import { respond } from "../../../../lib/http/respond.js";
import { searchParamsOf } from "../../../../lib/http/search-params.js";
import { listMemberBookings } from "../../../../lib/members/list-member-bookings.js";
import { MemberBookingListQuerySchema } from "../../../../lib/members/member-booking-list-query.js";

// GET /api/member/businesses/{id}/bookings – upcoming (soonest first) or past (latest first) bookings.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    const query = MemberBookingListQuerySchema.parse(searchParamsOf(request));
    return noStoreJson(await listMemberBookings((await getDatabase()).asMember(member), businessId, query));
  });
}
