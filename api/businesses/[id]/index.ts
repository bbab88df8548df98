import { UpdateBusinessBodySchema } from "../../../lib/businesses/business-requests.js";
import { toBusinessView } from "../../../lib/businesses/business-view.js";
import { updateBusiness } from "../../../lib/businesses/update-business.js";
import { getDatabase } from "../../../lib/db/get-database.js";
import { businessIdFrom } from "../../../lib/http/path-param.js";
import { readJsonBody } from "../../../lib/http/read-json-body.js";
import { requireAdmin } from "../../../lib/http/require-admin.js";
import { respond } from "../../../lib/http/respond.js";

// GET /api/businesses/{id} – one business's settings and Cal.com state (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    return Response.json(toBusinessView(await (await getDatabase()).getBusiness(businessId)));
  });
}

// PATCH /api/businesses/{id} – changes the settings sent, leaves the rest (operator).
export function PATCH(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const changes = UpdateBusinessBodySchema.parse(await readJsonBody(request));
    return Response.json(await updateBusiness(await getDatabase(), businessId, changes));
  });
}
