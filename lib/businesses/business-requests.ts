import { z } from "zod";
import { NewBusinessSchema } from "../db/new-business.js";
import { PageQuerySchema } from "../http/page.js";
import { E164QueryParamSchema } from "../phone/e164.js";
import { BusinessHoursInputSchema } from "../scheduling/business-hours.js";

const field = NewBusinessSchema.shape;

// Operator bodies are strict: a misspelt field is refused by name instead of silently ignored.

/** POST /api/businesses's body: the rules of NewBusinessSchema, which the database repeats. */
export const CreateBusinessBodySchema = z.strictObject({
  name: field.name,
  phoneNumber: field.phoneNumber.describe("The line callers dial, E.164 (+15551234567); unique."),
  timezone: field.timezone.describe("IANA time zone, e.g. America/New_York."),
  businessHours: field.businessHours.describe('Opening hours per weekday in the business\'s zone, e.g. {"mon": [{"open": "09:00", "close": "17:00"}]}; a missing day is closed.'),
  greeting: field.greeting.describe("The assistant's first words; a default naming the business when left out."),
  vapiPhoneNumberId: field.vapiPhoneNumberId.describe("VAPI's id of the phone number; unique."),
  vapiAssistantId: field.vapiAssistantId.describe("A saved VAPI assistant to answer with instead of the one we build."),
  fallbackTransferNumber: field.fallbackTransferNumber.describe("E.164 number callers are transferred to when the line is inactive."),
  slotMinutes: field.slotMinutes.describe("Appointment length in the built-in calendar, 5 to 480 minutes."),
});

/** The settings a business's owner may change too (the owner dashboard's PATCH, issue 12; the
 *  database grants members UPDATE on exactly these columns), as either PATCH takes them. */
export const OWNER_SETTING_FIELDS = {
  name: field.name.optional(),
  timezone: field.timezone.optional(),
  businessHours: BusinessHoursInputSchema.optional(),
  greeting: field.greeting,
  fallbackTransferNumber: field.fallbackTransferNumber,
  slotMinutes: field.slotMinutes.unwrap().optional(),
};

/** A PATCH body must change something. */
export const changesSomething = [(body: object) => Object.keys(body).length > 0, "send at least one field to change"] as const;

/** PATCH /api/businesses/{id}'s body: any of the settings; null clears an optional one. */
export const UpdateBusinessBodySchema = z
  .strictObject({
    name: OWNER_SETTING_FIELDS.name,
    phoneNumber: field.phoneNumber.optional(),
    timezone: OWNER_SETTING_FIELDS.timezone,
    businessHours: OWNER_SETTING_FIELDS.businessHours,
    greeting: OWNER_SETTING_FIELDS.greeting,
    vapiPhoneNumberId: field.vapiPhoneNumberId,
    vapiAssistantId: field.vapiAssistantId,
    fallbackTransferNumber: OWNER_SETTING_FIELDS.fallbackTransferNumber,
    slotMinutes: OWNER_SETTING_FIELDS.slotMinutes,
    active: z.boolean().optional().describe("false stops the assistant answering (callers are transferred or told the line is closed)."),
    calcomDefaultEventTypeId: z.number().int().positive().optional().describe("One of the connected Cal.com account's event types."),
  })
  .refine(...changesSomething)
  .meta({ minProperties: 1 });

/** GET /api/businesses's query. */
export const BusinessListQuerySchema = PageQuerySchema.extend({
  active: z.stringbool().optional().describe("Only active (true) or inactive (false) businesses."),
  phoneNumber: E164QueryParamSchema.optional().describe("Only the business with this number (E.164; encode + as %2B)."),
});
