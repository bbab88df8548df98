import type { MemberQueries } from "../db/member-queries.js";
import type { Page } from "../http/page.js";
import type { CallView } from "../calls/call-view.js";
import { listCalls } from "../calls/list-calls.js";
import type { MemberCallListQuery } from "./member-call-list-query.js";

/** A page of the business's calls as the operator API pages them (same views, same cursors), run
 *  as the member: a business the member cannot see is a 404. */
export function listMemberCalls(member: MemberQueries, businessId: string, query: MemberCallListQuery): Promise<Page<CallView>> {
  return listCalls(member, businessId, { from: query.day, to: query.day, status: query.status, cursor: query.cursor, limit: query.limit });
}
