import { CallDetailsViewSchema } from "../calls/call-view.js";
import { ConnectLinkSchema } from "../connections/create-connect-link.js";
import { DefaultEventTypeBodySchema } from "../members/default-event-type-body.js";
import { MemberBookingListQuerySchema } from "../members/member-booking-list-query.js";
import { MemberBusinessesViewSchema } from "../members/member-businesses-view.js";
import { MemberCalendarViewSchema } from "../members/member-calendar-view.js";
import { MemberCallListQuerySchema } from "../members/member-call-list-query.js";
import { MemberOverviewViewSchema } from "../members/member-overview-view.js";
import { MemberSettingsBodySchema } from "../members/member-settings-body.js";
import { MemberSettingsViewSchema } from "../members/member-settings-view.js";
import { ERROR, type Named, type Operation, type ResponseSpec } from "./operation.js";
import { BOOKING_PAGE, CALL_PAGE } from "./operator-operations.js";

const SETTINGS: Named = { name: "MemberSettings", schema: MemberSettingsViewSchema };
const CALENDAR: Named = { name: "MemberCalendar", schema: MemberCalendarViewSchema };
const AS_MEMBER =
  "Send the member's access token as `Authorization: Bearer`. It runs in the database as the member, so row-level security decides: a business the member does not belong to is a 404, as one that does not exist.";
const WRITE =
  "Owners only (staff get a 403). Refused with a 403 when the browser says another site sent it (`Sec-Fetch-Site: cross-site` or `same-site`).";
const PAGING = "Pages follow each other by cursor: pass the answer's `nextCursor` as `cursor` (with the same filters) until it is null.";

/** The errors every member route can answer with, beside its own. */
function memberErrors(options: { id?: boolean; write?: boolean; body?: boolean } = {}): Record<string, ResponseSpec> {
  return {
    "400": { description: options.body ? "Malformed input; the message names the field (`businessHours.mon.0.close: must be HH:MM (24-hour)`)." : "Malformed id or query; the message names it.", json: ERROR },
    "401": { description: "No session, or one that is expired, forged or not a signed-in user's; the message says which.", json: ERROR, headers: { "WWW-Authenticate": 'Bearer realm="members"' } },
    ...(options.write ? { "403": { description: "The member only reads this business (staff), or another site sent the request.", json: ERROR } } : {}),
    ...(options.id ? { "404": { description: "No business of the member's with this id (also another business's id).", json: ERROR } } : {}),
    ...(options.body ? { "413": { description: "Body larger than 100 KB.", json: ERROR } } : {}),
    "5XX": { description: "Member sign-in not configured, the sign-in keys unreachable, or the database's fault (503); logged with the X-Request-Id.", json: ERROR },
  };
}

/** The member API (the owner dashboard's): each call runs as the signed-in member. Every answer
 *  carries `Cache-Control: no-store`. */
export const memberOperations: Operation[] = [
  {
    method: "get", path: "/api/member/businesses", operationId: "listMemberBusinesses", tag: "Members", auth: "member",
    summary: "The businesses the signed-in member belongs to, with their role in each",
    description: "Send the member's access token as `Authorization: Bearer`. Row-level security decides what is listed.",
    responses: { "200": { description: "The member's businesses, by name.", json: { name: "MemberBusinesses", schema: MemberBusinessesViewSchema } }, ...memberErrors() },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/overview", operationId: "getMemberOverview", tag: "Members", auth: "member",
    summary: "Call figures of a business: today, the last 7 days, all time, and 30 days of calls per day",
    description: `Days are the business's local days. ${AS_MEMBER}`,
    responses: { "200": { description: "The overview.", json: { name: "MemberOverview", schema: MemberOverviewViewSchema } }, ...memberErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/calls", operationId: "listMemberCalls", tag: "Members", auth: "member",
    summary: "A business's calls, newest first",
    description: `The operator API's calls, with the bookings made on each. ${PAGING} ${AS_MEMBER}`,
    query: MemberCallListQuerySchema,
    responses: { "200": { description: "One page.", json: CALL_PAGE }, ...memberErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/calls/{callId}", operationId: "getMemberCall", tag: "Members", auth: "member",
    summary: "A call of the business with its transcript and bookings",
    description: `Transcript lines in the order spoken. A call of another business is a 404. ${AS_MEMBER}`,
    responses: { "200": { description: "The call.", json: { name: "CallDetails", schema: CallDetailsViewSchema } }, ...memberErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/bookings", operationId: "listMemberBookings", tag: "Members", auth: "member",
    summary: "A business's upcoming (soonest first) or past (latest first) bookings",
    description: `Both calendars; each booking names the call it came from. ${PAGING} ${AS_MEMBER}`,
    query: MemberBookingListQuerySchema,
    responses: { "200": { description: "One page.", json: BOOKING_PAGE }, ...memberErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/settings", operationId: "getMemberSettings", tag: "Members", auth: "member",
    summary: "The settings an owner may change, and whether this member may",
    description: AS_MEMBER,
    responses: { "200": { description: "The settings.", json: SETTINGS }, ...memberErrors({ id: true }) },
  },
  {
    method: "patch", path: "/api/member/businesses/{id}/settings", operationId: "updateMemberSettings", tag: "Members", auth: "member",
    summary: "Change the business's name, greeting, time zone, opening hours, fallback number or slot length",
    description: `Send only what changes; null clears the greeting or fallback number. The fields are the operator PATCH's, with its rules; any other field is refused by name. The next call's assistant uses the new settings. ${WRITE} ${AS_MEMBER}`,
    body: { name: "MemberSettingsChanges", schema: MemberSettingsBodySchema },
    responses: { "200": { description: "The settings as they are now.", json: SETTINGS }, ...memberErrors({ id: true, write: true, body: true }) },
  },
  {
    method: "get", path: "/api/member/businesses/{id}/calendar", operationId: "getMemberCalendar", tag: "Members", auth: "member",
    summary: "The business's calendar: built-in or Cal.com, the connection's state and account, the event types",
    description: `Never a token. ${AS_MEMBER}`,
    responses: { "200": { description: "The calendar.", json: CALENDAR }, ...memberErrors({ id: true }) },
  },
  {
    method: "put", path: "/api/member/businesses/{id}/calendar/default-event-type", operationId: "setMemberDefaultEventType", tag: "Members", auth: "member",
    summary: "Choose the Cal.com event type callers are booked into",
    description: `One of the event types GET …/calendar lists; another is a 400 naming eventTypeId. ${WRITE} ${AS_MEMBER}`,
    body: { name: "MemberDefaultEventType", schema: DefaultEventTypeBodySchema },
    responses: { "200": { description: "The calendar as it is now.", json: CALENDAR }, ...memberErrors({ id: true, write: true, body: true }) },
  },
  {
    method: "post", path: "/api/member/businesses/{id}/calendar/connect", operationId: "createMemberConnectLink", tag: "Members", auth: "member",
    summary: "A signed link that starts connecting the business's Cal.com account",
    description: `The same link an operator's POST /api/businesses/{id}/connect-link gives, valid for 15 minutes and once: open it in the browser to reach Cal.com's consent page. ${WRITE} ${AS_MEMBER}`,
    responses: { "200": { description: "The link.", json: { name: "ConnectLink", schema: ConnectLinkSchema } }, ...memberErrors({ id: true, write: true }) },
  },
];
