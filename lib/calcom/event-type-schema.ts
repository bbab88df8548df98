import { z } from "zod";
import { successEnvelope } from "./success-envelope.js";

/**
 * The part of a booking field that decides what we must collect from a caller. The spec types some
 * of these as "object" (a NestJS artefact for literals); Cal.com sends booleans.
 */
const BookingFieldSchema = z.object({
  slug: z.string().optional(),
  type: z.string().optional(),
  required: z.boolean().optional(),
  hidden: z.boolean().optional(),
});
type BookingField = z.infer<typeof BookingFieldSchema>;

/** EventTypeOutput_2024_06_14 (or its team variant), reduced to what a booking needs. */
export const EventTypeSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    lengthInMinutes: z.number().int().positive(),
    hidden: z.boolean().optional(),
    bookingFields: z.array(BookingFieldSchema).optional(),
    // Not in the 2026-03 spec (the zone belongs to the schedule); read when Cal.com includes it.
    timeZone: z.string().optional(),
  })
  .transform((eventType) => ({
    id: eventType.id,
    slug: eventType.slug,
    title: eventType.title,
    lengthInMinutes: eventType.lengthInMinutes,
    hidden: eventType.hidden ?? false,
    emailRequired: isEmailRequired(eventType.bookingFields ?? []),
    phoneRequired: isVisibleAndRequired(fieldOf(eventType.bookingFields ?? [], "attendeePhoneNumber")),
    timeZone: eventType.timeZone ?? null,
  }));

export type CalcomEventType = z.output<typeof EventTypeSchema>;

export const GetEventTypeResponseSchema = successEnvelope(EventTypeSchema);
export const ListEventTypesResponseSchema = successEnvelope(z.array(EventTypeSchema));

/**
 * Email is Cal.com's default required field. A phone-based event type hides it (and makes
 * `attendeePhoneNumber` required); a hidden email is ignored even when sent (reference/calcom.md §4.2).
 */
function isEmailRequired(fields: BookingField[]): boolean {
  const email = fieldOf(fields, "email");
  return email === undefined || isVisibleAndRequired(email);
}

function isVisibleAndRequired(field: BookingField | undefined): boolean {
  return field !== undefined && field.required !== false && field.hidden !== true;
}

function fieldOf(fields: BookingField[], slug: string): BookingField | undefined {
  return fields.find((field) => field.slug === slug);
}
