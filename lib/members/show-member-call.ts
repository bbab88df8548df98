import { toCallDetailsView, type CallDetailsView } from "../calls/call-view.js";
import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";

/** A call of the business with its transcript (in spoken order) and bookings. The member sees
 *  only their businesses' calls; a call of another of them under this business's URL is a 404
 *  too, so a URL names one business's call or nothing. */
export async function showMemberCall(member: MemberQueries, businessId: string, callId: string): Promise<CallDetailsView> {
  const call = await member.callDetails(callId);
  if (!call || call.businessId !== businessId) throw new ApiError("not_found", `call ${callId} not found`);
  return toCallDetailsView(call);
}
