import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";
import { toMemberOverviewView, type MemberOverviewView } from "./member-overview-view.js";

/** GET /api/member/businesses/{id}/overview, as the member; 404 for a business they cannot see. */
export async function showMemberOverview(member: MemberQueries, businessId: string): Promise<MemberOverviewView> {
  const overview = await member.overview(businessId);
  if (!overview) throw new ApiError("not_found", `business ${businessId} not found`);
  return toMemberOverviewView(overview);
}
