import { memberSignInConfig } from "../../lib/auth/member-config.js";
import { respond } from "../../lib/http/respond.js";

// GET /api/member/config – how the dashboard signs members in (public values only, no auth).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => Response.json(memberSignInConfig(), { headers: { "cache-control": "no-store" } }));
}
