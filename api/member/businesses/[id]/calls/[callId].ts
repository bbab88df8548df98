import { getDatabase } from "../../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../../lib/http/no-store-json.js";
import { businessIdFrom, uuidParam } from "../../../../../lib/http/path-param.js";
import { requireMember } from "../../../../../lib/http/require-member.js";
import { respond } from "../../../../../lib/http/respond.js";
import { showMemberCall } from "../../../../../lib/members/show-member-call.js";

// GET /api/member/businesses/{id}/calls/{callId} – one call with its transcript in spoken order and its bookings.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    const callId = uuidParam(request, "calls", "callId");
    return noStoreJson(await showMemberCall((await getDatabase()).asMember(member), businessId, callId));
  });
}
