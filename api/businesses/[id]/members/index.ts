import { getAuthAdmin } from "../../../../lib/db/get-auth-admin.js";
import { getDatabase } from "../../../../lib/db/get-database.js";
import { ApiError } from "../../../../lib/http/api-error.js";
import { businessIdFrom } from "../../../../lib/http/path-param.js";
import { publicBaseUrl } from "../../../../lib/http/public-base-url.js";
import { readJsonBody } from "../../../../lib/http/read-json-body.js";
import { requireAdmin } from "../../../../lib/http/require-admin.js";
import { respond } from "../../../../lib/http/respond.js";
import { addBusinessMember } from "../../../../lib/members/add-business-member.js";
import { toBusinessMemberView } from "../../../../lib/members/business-member-view.js";
import { AddMemberBodySchema } from "../../../../lib/members/member-requests.js";

// GET /api/businesses/{id}/members – who may sign in to the business's dashboard (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const members = await (await getDatabase()).listBusinessMembers(businessId);
    if (!members) throw new ApiError("not_found", `business ${businessId} not found`);
    return Response.json({ items: members.map(toBusinessMemberView) });
  });
}

// POST /api/businesses/{id}/members – adds a member by email, or changes their role (operator).
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const body = AddMemberBodySchema.parse(await readJsonBody(request));
    const { member, created } = await addBusinessMember(await getDatabase(), getAuthAdmin, { ...body, businessId, baseUrl: publicBaseUrl() });
    return Response.json(member, { status: created ? 201 : 200 });
  });
}
