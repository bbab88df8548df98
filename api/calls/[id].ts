import { showCall } from "../../lib/calls/show-call.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { uuidParam } from "../../lib/http/path-param.js";
import { requireAdmin } from "../../lib/http/require-admin.js";
import { respond } from "../../lib/http/respond.js";

// GET /api/calls/{id} – one call with its transcript lines in order and its bookings (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const callId = uuidParam(request, "calls");
    return Response.json(await showCall(await getDatabase(), callId));
  });
}
