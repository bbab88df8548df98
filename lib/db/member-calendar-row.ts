import { z } from "zod";

const CALCOM_STATUSES = ["not_connected", "connected", "needs_reconnect"] as const;

/** public.member_business_calendar's answer (no token: members may read only the account's
 *  columns of calcom_credentials). */
export const MemberCalendarRowSchema = z
  .object({
    provider: z.enum(["builtin", "calcom"]),
    status: z.enum(CALCOM_STATUSES),
    account: z.object({ email: z.string().nullable(), name: z.string().nullable(), username: z.string().nullable() }).nullable(),
    default_event_type_id: z.number().int().nullable(),
    event_types: z.array(z.object({ id: z.number().int(), title: z.string(), length_minutes: z.number().int() })),
    can_edit: z.boolean(),
  })
  .transform((row) => ({
    provider: row.provider,
    status: row.status,
    account: row.account,
    defaultEventTypeId: row.default_event_type_id,
    eventTypes: row.event_types.map((e) => ({ id: e.id, title: e.title, lengthMinutes: e.length_minutes })),
    canEdit: row.can_edit,
  }));

export type MemberCalendar = z.output<typeof MemberCalendarRowSchema>;

/** What public.member_set_default_event_type reports. */
export const DefaultEventTypeUpdateSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("updated"), calendar: MemberCalendarRowSchema }),
  z.object({ outcome: z.literal("unknown_event_type"), offered: z.array(z.number().int()) }),
  z.object({ outcome: z.literal("forbidden") }),
  z.object({ outcome: z.literal("unknown_business") }),
]);

export type DefaultEventTypeUpdate = z.output<typeof DefaultEventTypeUpdateSchema>;
