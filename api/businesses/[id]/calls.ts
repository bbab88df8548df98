import { CallListQuerySchema } from "../../../lib/calls/call-list-query.js";
import { listCalls } from "../../../lib/calls/list-calls.js";
import { getDatabase } from "../../../lib/db/get-database.js";
import { businessIdFrom } from "../../../lib/http/path-param.js";
import { requireAdmin } from "../../../lib/http/require-admin.js";
import { respond } from "../../../lib/http/respond.js";
import { searchParamsOf } from "../../../lib/http/search-params.js";

// GET /api/businesses/{id}/calls – a page of the business's calls, newest first (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const query = CallListQuerySchema.parse(searchParamsOf(request));
    return Response.json(await listCalls(await getDatabase(), businessId, query));
  });
}
