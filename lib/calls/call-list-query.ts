import { z } from "zod";
import { CALL_STATUSES } from "../db/call-row.js";
import { DateRangeQuerySchema } from "../http/date-range-query.js";
import { PageQuerySchema } from "../http/page.js";

/** GET /api/businesses/{id}/calls's query; from/to bound when the call started (or, for a call
 *  that never started, when we first heard of it). */
export const CallListQuerySchema = PageQuerySchema.extend(DateRangeQuerySchema.shape).extend({
  status: z.enum(CALL_STATUSES).optional().describe("Only calls in this status."),
});
