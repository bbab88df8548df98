import { createSignInLink } from "../../../../../lib/auth/create-sign-in-link.js";
import { localSignInSecret } from "../../../../../lib/auth/local-sign-in.js";
import { getDatabase } from "../../../../../lib/db/get-database.js";
import { ApiError } from "../../../../../lib/http/api-error.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { publicBaseUrl } from "../../../../../lib/http/public-base-url.js";
import { requireAdmin } from "../../../../../lib/http/require-admin.js";
import { respond } from "../../../../../lib/http/respond.js";
import { memberIdFrom } from "../../../../../lib/members/member-id-from.js";

// POST /api/businesses/{id}/members/{userId}/sign-in-link – a fresh one-time link into the
// dashboard as that member (operator; npm start's embedded database only).
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const userId = memberIdFrom(request);
    if (!localSignInSecret()) throw new ApiError("not_found", "sign-in links exist only on npm start's embedded database; on Supabase, members sign in through Supabase Auth (the invitation email, or a magic link)");
    const members = await (await getDatabase()).listBusinessMembers(businessId);
    if (!members) throw new ApiError("not_found", `business ${businessId} not found`);
    if (!members.some((m) => m.userId === userId)) throw new ApiError("not_found", `user ${userId} is not a member of business ${businessId}`);
    return Response.json(createSignInLink({ userId, baseUrl: publicBaseUrl() }), { status: 201 });
  });
}
