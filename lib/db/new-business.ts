import { z } from "zod";
import { E164Schema } from "../phone/e164.js";
import { BusinessHoursInputSchema } from "../scheduling/business-hours.js";
import { TimeZoneSchema } from "../scheduling/time-zone.js";

/** What creating a business takes; the database enforces the same rules once more. */
export const NewBusinessSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phoneNumber: E164Schema,
  timezone: TimeZoneSchema,
  businessHours: BusinessHoursInputSchema.default({}),
  greeting: z.string().max(1000).nullish(),
  vapiPhoneNumberId: z.string().min(1).max(200).nullish(),
  vapiAssistantId: z.string().min(1).max(200).nullish(),
  fallbackTransferNumber: E164Schema.nullish(),
  slotMinutes: z.number().int().min(5).max(480).default(30),
});

export type NewBusiness = z.input<typeof NewBusinessSchema>;
