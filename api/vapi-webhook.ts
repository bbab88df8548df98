import { getDatabase } from "../lib/db/get-database.js";
import { readTextBody } from "../lib/http/read-json-body.js";
import { respond } from "../lib/http/respond.js";
import { dispatchVapiMessage } from "../lib/vapi/dispatch-vapi-message.js";
import { parseVapiEnvelope } from "../lib/vapi/parse-vapi-envelope.js";
import { vapiServer } from "../lib/vapi/vapi-server.js";
import { verifyVapiRequest } from "../lib/vapi/verify-vapi-request.js";

/** Vercel refuses request bodies over 4.5 MB; the same limit applies locally. */
const VAPI_BODY_LIMIT = 4.5 * 1024 * 1024;

// POST /api/vapi-webhook – every message VAPI sends about our calls: authenticated on the raw
// body first, then parsed, then handled by its type.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const raw = await readTextBody(request, VAPI_BODY_LIMIT);
    verifyVapiRequest(request.headers, raw);
    const { message } = parseVapiEnvelope(raw);
    const body = await dispatchVapiMessage(await getDatabase(), message, {
      server: vapiServer(),
      now: new Date(),
    });
    return Response.json(body);
  });
}
