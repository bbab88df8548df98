import { z } from "zod";
import { BusinessHoursSchema } from "../scheduling/business-hours.js";

/** A businesses row as the server functions return it (to_jsonb / PostgREST JSON). */
export const BusinessRowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone_number: z.string(),
    vapi_phone_number_id: z.string().nullable(),
    vapi_assistant_id: z.string().nullable(),
    timezone: z.string(),
    business_hours: BusinessHoursSchema,
    greeting: z.string().nullable(),
    fallback_transfer_number: z.string().nullable(),
    slot_minutes: z.number().int(),
    calcom_status: z.enum(["not_connected", "connected", "needs_reconnect"]),
    calcom_default_event_type_id: z.number().int().nullable(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform((row) => ({
    id: row.id,
    name: row.name,
    phoneNumber: row.phone_number,
    vapiPhoneNumberId: row.vapi_phone_number_id,
    vapiAssistantId: row.vapi_assistant_id,
    timezone: row.timezone,
    businessHours: row.business_hours,
    greeting: row.greeting,
    fallbackTransferNumber: row.fallback_transfer_number,
    slotMinutes: row.slot_minutes,
    calcomStatus: row.calcom_status,
    calcomDefaultEventTypeId: row.calcom_default_event_type_id,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

export type Business = z.output<typeof BusinessRowSchema>;
