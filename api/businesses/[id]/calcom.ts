import { ApiKeyConnectionSchema, connectWithApiKey, DefaultEventTypeSchema } from "../../../lib/connections/connect-with-api-key.js";
import { connectionView } from "../../../lib/connections/connection-view.js";
import { getDatabase } from "../../../lib/db/get-database.js";
import { ApiError } from "../../../lib/http/api-error.js";
import { businessIdFrom } from "../../../lib/http/path-param.js";
import { readJsonBody } from "../../../lib/http/read-json-body.js";
import { requireAdmin } from "../../../lib/http/require-admin.js";
import { respond } from "../../../lib/http/respond.js";

// GET /api/businesses/{id}/calcom – the business's Cal.com connection (status, account, event types).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const connection = await (await getDatabase()).calcomConnection(businessId);
    if (!connection) throw new ApiError("not_found", `business ${businessId} not found`);
    return Response.json(connectionView(connection));
  });
}

// PUT /api/businesses/{id}/calcom – connect with a Cal.com API key instead of OAuth.
export function PUT(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const body = ApiKeyConnectionSchema.parse(await readJsonBody(request));
    const result = await connectWithApiKey(await getDatabase(), { businessId, ...body });
    switch (result.kind) {
      case "connected":
        return Response.json(connectionView(result.connection));
      case "unknown_business":
        throw new ApiError("not_found", `business ${businessId} not found`);
      case "key_refused":
        throw new ApiError("bad_request", "apiKey: Cal.com refused this key; check that it is a live key that has not expired");
      case "unknown_event_type":
        throw new ApiError("bad_request", `eventTypeId: not an event type of this Cal.com account (it has ${result.offered.join(", ") || "none"})`);
      case "rate_limited":
        throw new ApiError("rate_limited", "Cal.com asked us to slow down; nothing was stored, try again later", {
          headers: result.retryAfterSeconds === undefined ? undefined : { "retry-after": String(result.retryAfterSeconds) },
        });
      case "calcom_unavailable":
        throw new ApiError("upstream", "Cal.com could not be reached to check the key; nothing was stored, try again");
    }
  });
}

// PATCH /api/businesses/{id}/calcom – choose the default event type callers are booked into.
export function PATCH(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const businessId = businessIdFrom(request);
    const { defaultEventTypeId } = DefaultEventTypeSchema.parse(await readJsonBody(request));
    const db = await getDatabase();
    const connection = await db.setCalcomDefaultEventType(businessId, defaultEventTypeId);
    if (connection) return Response.json(connectionView(connection));
    const current = await db.calcomConnection(businessId);
    if (!current) throw new ApiError("not_found", `business ${businessId} not found`);
    throw new ApiError("bad_request", `defaultEventTypeId: not an event type of this business's Cal.com account (it has ${current.event_types.map((e) => e.id).join(", ") || "none"})`);
  });
}
