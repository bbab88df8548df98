import { getDatabase } from "../../../../lib/db/get-database.js";
import { showMemberOverview } from "../../../../lib/members/show-member-overview.js";
import { noStoreJson } from "../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../lib/http/path-param.js";
import { requireMember } from "../../../../lib/http/require-member.js";
import { respond } from "../../../../lib/http/respond.js";

// GET /api/member/businesses/{id}/overview – call figures (today, 7 days, all time) and 30 days of calls per day.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    return noStoreJson(await showMemberOverview((await getDatabase()).asMember(member), businessId));
  });
}
