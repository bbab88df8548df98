import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";
import { toMemberCalendarView, type MemberCalendarView } from "./member-calendar-view.js";

/** GET /api/member/businesses/{id}/calendar, as the member; 404 for a business they cannot see. */
export async function showMemberCalendar(member: MemberQueries, businessId: string): Promise<MemberCalendarView> {
  const calendar = await member.calendar(businessId);
  if (!calendar) throw new ApiError("not_found", `business ${businessId} not found`);
  return toMemberCalendarView(calendar);
}
