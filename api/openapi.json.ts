import { respond } from "../lib/http/respond.js";
import { openApiDocument } from "../lib/openapi/openapi-document.js";

// GET /api/openapi.json – the OpenAPI 3.1 description of this API. Public: it holds no secrets,
// and browser tools (Swagger UI, editors) on other origins may load it.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () =>
    Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } }),
  );
}
