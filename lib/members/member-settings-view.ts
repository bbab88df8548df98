import { z } from "zod";
import type { MemberSettings } from "../db/member-settings-row.js";
import { BusinessHoursSchema } from "../scheduling/business-hours.js";

/** The settings page's answer: what an owner may change, and whether this member may. */
export const MemberSettingsViewSchema = z.object({
  name: z.string(),
  greeting: z.string().nullable().describe("The assistant's first words; null: a default naming the business."),
  timezone: z.string().describe("IANA time zone of the hours, days and spoken times."),
  businessHours: BusinessHoursSchema,
  fallbackTransferNumber: z.string().nullable().describe("E.164 number callers are transferred to when the line is inactive."),
  slotMinutes: z.number().int().describe("Appointment length in the built-in calendar."),
  canEdit: z.boolean().describe("Whether this member may change them (owners may, staff only read)."),
});

export type MemberSettingsView = z.infer<typeof MemberSettingsViewSchema>;

export function toMemberSettingsView(settings: MemberSettings): MemberSettingsView {
  return MemberSettingsViewSchema.parse(settings);
}
