import { getDatabase } from "../../../../../lib/db/get-database.js";
import { ApiError } from "../../../../../lib/http/api-error.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { requireAdmin } from "../../../../../lib/http/require-admin.js";
import { respond } from "../../../../../lib/http/respond.js";
import { memberIdFrom } from "../../../../../lib/members/member-id-from.js";

// DELETE /api/businesses/{id}/members/{userId} – takes a member off the business (operator); the
// user stays, with any other business of theirs.
export function DELETE(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const userId = memberIdFrom(request);
    if (!(await (await getDatabase()).removeBusinessMember(businessId, userId))) {
      throw new ApiError("not_found", `user ${userId} is not a member of business ${businessId}`);
    }
    return new Response(null, { status: 204 });
  });
}
