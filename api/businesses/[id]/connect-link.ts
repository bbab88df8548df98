import { createConnectLink } from "../../../lib/connections/create-connect-link.js";
import { getDatabase } from "../../../lib/db/get-database.js";
import { ApiError } from "../../../lib/http/api-error.js";
import { businessIdFrom } from "../../../lib/http/path-param.js";
import { publicBaseUrl } from "../../../lib/http/public-base-url.js";
import { requireAdmin } from "../../../lib/http/require-admin.js";
import { respond } from "../../../lib/http/respond.js";

// POST /api/businesses/{id}/connect-link – a signed, expiring link for the owner to connect Cal.com.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const link = await createConnectLink(await getDatabase(), { businessId, baseUrl: publicBaseUrl() });
    if (!link) throw new ApiError("not_found", `business ${businessId} not found`);
    return Response.json(link, { status: 201 });
  });
}
