import { getDatabase } from "../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../lib/http/path-param.js";
import { readJsonBody } from "../../../../lib/http/read-json-body.js";
import { requireMember } from "../../../../lib/http/require-member.js";
import { requireSameSite } from "../../../../lib/http/require-same-site.js";
import { respond } from "../../../../lib/http/respond.js";
import { MemberSettingsBodySchema } from "../../../../lib/members/member-settings-body.js";
import { showMemberSettings } from "../../../../lib/members/show-member-settings.js";
import { updateMemberSettings } from "../../../../lib/members/update-member-settings.js";

// GET /api/member/businesses/{id}/settings – the settings owners may change, and whether this member may.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    return noStoreJson(await showMemberSettings((await getDatabase()).asMember(member), businessId));
  });
}

// PATCH /api/member/businesses/{id}/settings – an owner changes the settings sent, leaves the rest.
export function PATCH(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireSameSite(request);
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    const changes = MemberSettingsBodySchema.parse(await readJsonBody(request));
    return noStoreJson(await updateMemberSettings((await getDatabase()).asMember(member), businessId, changes));
  });
}
