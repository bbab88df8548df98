import { DbError } from "../lib/db/db-errors.js";
import { getDatabase } from "../lib/db/get-database.js";
import { respond } from "../lib/http/respond.js";

// GET /api/health – is the database reachable, and how many migrations has it applied.
// Reports no versions or settings: this endpoint is public.
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const headers = { "cache-control": "no-store" };
    try {
      const db = await getDatabase();
      const { migrations } = await db.health();
      return Response.json({ status: "ok", database: "ok", migrations }, { headers });
    } catch (error) {
      if (!(error instanceof DbError && error.kind === "unavailable")) throw error;
      return Response.json({ status: "error", database: "unavailable" }, { status: 503, headers });
    }
  });
}
