import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";
import { toMemberCalendarView, type MemberCalendarView } from "./member-calendar-view.js";
import { refusedWrite } from "./refused-write.js";

/** Applies PUT /api/member/businesses/{id}/calendar/default-event-type as the member: 400 naming
 *  eventTypeId for an event type the business's Cal.com account does not offer. */
export async function setMemberDefaultEventType(member: MemberQueries, businessId: string, eventTypeId: number): Promise<MemberCalendarView> {
  const result = await member.setDefaultEventType(businessId, eventTypeId);
  switch (result.outcome) {
    case "updated":
      return toMemberCalendarView(result.calendar);
    case "unknown_event_type":
      throw new ApiError("bad_request", `eventTypeId: not an event type of this business's Cal.com account (it has ${result.offered.join(", ") || "none"})`);
    case "forbidden":
    case "unknown_business":
      throw refusedWrite(result.outcome, businessId);
  }
}
