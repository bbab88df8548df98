import { getDatabase } from "../../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { requireMember } from "../../../../../lib/http/require-member.js";
import { respond } from "../../../../../lib/http/respond.js";
import { showMemberCalendar } from "../../../../../lib/members/show-member-calendar.js";

// GET /api/member/businesses/{id}/calendar – built-in or Cal.com, the connection's state and account, the event types.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    return noStoreJson(await showMemberCalendar((await getDatabase()).asMember(member), businessId));
  });
}
