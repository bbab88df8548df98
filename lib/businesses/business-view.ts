import { z } from "zod";
import type { Business } from "../db/business-row.js";
import { BusinessHoursSchema } from "../scheduling/business-hours.js";

const Timestamp = z.iso.datetime({ offset: true });

/** A business as the operator API shows it. Cal.com credentials live elsewhere and never appear. */
export const BusinessViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  phoneNumber: z.string().describe("The line callers dial, E.164."),
  vapiPhoneNumberId: z.string().nullable().describe("VAPI's id of that phone number; calls find the business by it first."),
  vapiAssistantId: z.string().nullable().describe("A saved VAPI assistant to answer with; null: we send one built from these settings."),
  timezone: z.string().describe("IANA time zone of the business's hours, days and spoken times."),
  businessHours: BusinessHoursSchema,
  greeting: z.string().nullable(),
  fallbackTransferNumber: z.string().nullable().describe("Where callers are transferred when the line is inactive."),
  slotMinutes: z.number().int().describe("Appointment length in the built-in calendar."),
  calcomStatus: z.enum(["not_connected", "connected", "needs_reconnect"]),
  calcomDefaultEventTypeId: z.number().int().nullable(),
  active: z.boolean().describe("Whether the assistant answers calls for this business."),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type BusinessView = z.infer<typeof BusinessViewSchema>;

export function toBusinessView(business: Business): BusinessView {
  return BusinessViewSchema.parse({
    ...business,
    createdAt: new Date(business.createdAt).toISOString(),
    updatedAt: new Date(business.updatedAt).toISOString(),
  });
}
