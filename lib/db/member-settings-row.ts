import { z } from "zod";
import { BusinessHoursSchema } from "../scheduling/business-hours.js";

/** public.member_business_settings's answer: the settings owners may change, and whether this
 *  member may. */
export const MemberSettingsRowSchema = z
  .object({
    name: z.string(),
    greeting: z.string().nullable(),
    timezone: z.string(),
    business_hours: BusinessHoursSchema,
    fallback_transfer_number: z.string().nullable(),
    slot_minutes: z.number().int(),
    can_edit: z.boolean(),
  })
  .transform((row) => ({
    name: row.name,
    greeting: row.greeting,
    timezone: row.timezone,
    businessHours: row.business_hours,
    fallbackTransferNumber: row.fallback_transfer_number,
    slotMinutes: row.slot_minutes,
    canEdit: row.can_edit,
  }));

export type MemberSettings = z.output<typeof MemberSettingsRowSchema>;

/** What public.member_update_business_settings reports. */
export const MemberSettingsUpdateSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("updated"), settings: MemberSettingsRowSchema }),
  z.object({ outcome: z.literal("forbidden") }),
  z.object({ outcome: z.literal("unknown_business") }),
]);

export type MemberSettingsUpdate = z.output<typeof MemberSettingsUpdateSchema>;
