import type { z } from "zod";
import type { OperatorReadQueries } from "../db/operator-read-queries.js";
import { ApiError } from "../http/api-error.js";
import { decodeCursor, toPage, type Page } from "../http/page.js";
import type { CallListQuerySchema } from "./call-list-query.js";
import { toCallView, type CallView } from "./call-view.js";

/** One page of a business's calls, newest first; 404 for an unknown business. The operator's
 *  database or a member's queries (which see only the member's businesses) alike. */
export async function listCalls(db: Pick<OperatorReadQueries, "listCalls">, businessId: string, query: z.output<typeof CallListQuerySchema>): Promise<Page<CallView>> {
  const scope = `calls:${businessId}`;
  const rows = await db.listCalls(businessId, {
    from: query.from,
    to: query.to,
    status: query.status,
    after: decodeCursor(scope, query.cursor),
    limit: query.limit,
  });
  if (!rows) throw new ApiError("not_found", `business ${businessId} not found`);
  return toPage(rows, query.limit, scope, (call) => ({ at: call.at, id: call.id }), toCallView);
}
