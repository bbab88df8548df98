import { checkHealth } from "../lib/health/check-health.js";
import { respond } from "../lib/http/respond.js";

// GET /api/health – is the database reachable, and how many migrations has it applied.
// Public, so it reports no versions, settings or secrets.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const report = await checkHealth();
    return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
  });
}
