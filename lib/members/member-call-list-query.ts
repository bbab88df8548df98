import type { z } from "zod";
import { CallListQuerySchema } from "../calls/call-list-query.js";
import { PageQuerySchema } from "../http/page.js";
import { LocalDateSchema } from "../scheduling/local-day.js";

/** GET /api/member/businesses/{id}/calls's query: the dashboard filters by one local day. */
export const MemberCallListQuerySchema = PageQuerySchema.extend({
  day: LocalDateSchema.optional().describe("Only calls of this local day of the business (YYYY-MM-DD)."),
  status: CallListQuerySchema.shape.status,
});

export type MemberCallListQuery = z.output<typeof MemberCallListQuerySchema>;
