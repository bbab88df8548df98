import { signConnectLink, type ConnectLink } from "../connections/create-connect-link.js";
import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";

/** The dashboard opens its link at once, so it need not live for the operator links' week. */
export const MEMBER_CONNECT_LINK_TTL_SECONDS = 15 * 60;

/**
 * POST /api/member/businesses/{id}/calendar/connect: the same signed connect link an operator
 * gets, for an owner of the business (read as the member, so a business they cannot see is a
 * 404); staff get a 403, since connecting replaces the calendar callers are booked into.
 */
export async function memberConnectLink(member: MemberQueries, businessId: string, baseUrl: string): Promise<ConnectLink> {
  const calendar = await member.calendar(businessId);
  if (!calendar) throw new ApiError("not_found", `business ${businessId} not found`);
  if (!calendar.canEdit) throw new ApiError("forbidden", "only the business's owners may connect its calendar; staff members read only");
  return signConnectLink({ businessId, baseUrl, ttlSeconds: MEMBER_CONNECT_LINK_TTL_SECONDS });
}
