import { getDatabase } from "../../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { publicBaseUrl } from "../../../../../lib/http/public-base-url.js";
import { requireMember } from "../../../../../lib/http/require-member.js";
import { requireSameSite } from "../../../../../lib/http/require-same-site.js";
import { respond } from "../../../../../lib/http/respond.js";
import { memberConnectLink } from "../../../../../lib/members/member-connect-link.js";

// POST /api/member/businesses/{id}/calendar/connect – an owner's signed link that starts connecting Cal.com.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireSameSite(request);
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    return noStoreJson(await memberConnectLink((await getDatabase()).asMember(member), businessId, publicBaseUrl()));
  });
}
