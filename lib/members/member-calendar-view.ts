import { z } from "zod";
import type { MemberCalendar } from "../db/member-calendar-row.js";

/** The calendar page's answer: which calendar callers are booked into, and the Cal.com
 *  connection's state; never a token. */
export const MemberCalendarViewSchema = z.object({
  provider: z.enum(["builtin", "calcom"]).describe("builtin until Cal.com is connected; calcom after (also while it needs reconnecting)."),
  status: z.enum(["not_connected", "connected", "needs_reconnect"]).describe("needs_reconnect: Cal.com refused the stored access; connect again."),
  account: z
    .object({
      email: z.string().nullable(),
      name: z.string().nullable(),
      username: z.string().nullable(),
    })
    .nullable()
    .describe("The connected Cal.com account, as Cal.com names it (email and name are null for connections made before they were kept); null when none is connected."),
  defaultEventTypeId: z.number().int().nullable().describe("The event type callers are booked into."),
  eventTypes: z.array(z.object({ id: z.number().int(), title: z.string(), lengthMinutes: z.number().int() })).describe("The account's event types, by title."),
  canEdit: z.boolean().describe("Whether this member may connect Cal.com and choose the default event type (owners may, staff only read)."),
});

export type MemberCalendarView = z.infer<typeof MemberCalendarViewSchema>;

export function toMemberCalendarView(calendar: MemberCalendar): MemberCalendarView {
  return MemberCalendarViewSchema.parse(calendar);
}
