import { CreateBusinessBodySchema, BusinessListQuerySchema } from "../../lib/businesses/business-requests.js";
import { createBusiness } from "../../lib/businesses/create-business.js";
import { listBusinesses } from "../../lib/businesses/list-businesses.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { readJsonBody } from "../../lib/http/read-json-body.js";
import { requireAdmin } from "../../lib/http/require-admin.js";
import { respond } from "../../lib/http/respond.js";
import { searchParamsOf } from "../../lib/http/search-params.js";

// GET /api/businesses – a page of businesses, newest first (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const query = BusinessListQuerySchema.parse(searchParamsOf(request));
    return Response.json(await listBusinesses(await getDatabase(), query));
  });
}

// POST /api/businesses – creates a business (operator); its phone line must be free.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const body = CreateBusinessBodySchema.parse(await readJsonBody(request));
    const business = await createBusiness(await getDatabase(), body);
    return Response.json(business, { status: 201, headers: { location: `/api/businesses/${business.id}` } });
  });
}
