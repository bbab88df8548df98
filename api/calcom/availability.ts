import { AvailabilityQuerySchema } from "../../lib/calendar/availability-query.js";
import type { AvailabilityView } from "../../lib/calendar/availability-view.js";
import { calendarFailureError } from "../../lib/calendar/calendar-failure-error.js";
import { findAvailability } from "../../lib/calendar/find-availability.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { ApiError } from "../../lib/http/api-error.js";
import { requireAdmin } from "../../lib/http/require-admin.js";
import { respond } from "../../lib/http/respond.js";
import { searchParamsOf } from "../../lib/http/search-params.js";

// GET /api/calcom/availability?businessId&date=YYYY-MM-DD – free slots of that local day (operator).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const query = AvailabilityQuerySchema.parse(searchParamsOf(request));
    const result = await findAvailability(await getDatabase(), { ...query, now: new Date() });
    switch (result.kind) {
      case "ok": {
        const view: AvailabilityView = { date: result.date, timeZone: result.timeZone, slots: result.slots };
        return Response.json(view);
      }
      case "unknown_business":
        throw new ApiError("not_found", `business ${query.businessId} not found`);
      case "past_date":
        throw new ApiError("bad_request", `date: ${query.date} is in the past (today is ${result.today} in ${result.timeZone})`);
      default:
        throw calendarFailureError(result, query.businessId);
    }
  });
}
