import { getDatabase } from "../../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { requireMember } from "../../../../../lib/http/require-member.js";
import { respond } from "../../../../../lib/http/respond.js";
import { searchParamsOf } from "../../../../../lib/http/search-params.js";
import { listMemberCalls } from "../../../../../lib/members/list-member-calls.js";
import { MemberCallListQuerySchema } from "../../../../../lib/members/member-call-list-query.js";

// GET /api/member/businesses/{id}/calls – a page of the business's calls, newest first (?day=, ?status=).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    const query = MemberCallListQuerySchema.parse(searchParamsOf(request));
    return noStoreJson(await listMemberCalls((await getDatabase()).asMember(member), businessId, query));
  });
}
