import { z } from "zod";
import { optionalField } from "../schemas/optional-field.js";
import { optionalItems, readableItems } from "../schemas/readable-items.js";
import { successEnvelope } from "./success-envelope.js";

/**
 * The part of a booking field that decides what we must collect from a caller. The spec types some
 * of these as "object" (a NestJS artefact for literals); Cal.com sends booleans. Answers recorded
 * in 2026 name the type `field` instead of `type` and leave `required` out of the name field: only
 * `slug`, `required` and `hidden` are read.
 */
const BookingFieldSchema = z.looseObject({
  slug: optionalField(z.string()),
  required: optionalField(z.boolean()),
  hidden: optionalField(z.boolean()),
});
type BookingField = z.infer<typeof BookingFieldSchema>;

/** EventTypeOutput_2024_06_14 (or its team variant), reduced to what a booking needs: an id and a
 *  length are required (we cannot book or size a slot without them); the rest may be missing. */
export const EventTypeSchema = z
  .looseObject({
    id: z.number().int().positive(),
    lengthInMinutes: z.number().int().positive(),
    slug: optionalField(z.string().min(1)),
    title: optionalField(z.string().min(1)),
    hidden: optionalField(z.boolean()),
    bookingFields: optionalItems(BookingFieldSchema),
    // Not in the 2026-03 spec (the zone belongs to the schedule); read when Cal.com includes it.
    timeZone: optionalField(z.string().min(1)),
  })
  .transform((eventType) => {
    const slug = eventType.slug ?? `event-type-${eventType.id}`;
    return {
      id: eventType.id,
      slug,
      title: eventType.title ?? slug,
      lengthInMinutes: eventType.lengthInMinutes,
      hidden: eventType.hidden ?? false,
      emailRequired: isEmailRequired(eventType.bookingFields),
      phoneRequired: isVisibleAndRequired(fieldOf(eventType.bookingFields, "attendeePhoneNumber")),
      timeZone: eventType.timeZone ?? null,
    };
  });

export type CalcomEventType = z.output<typeof EventTypeSchema>;

export const GetEventTypeResponseSchema = successEnvelope(EventTypeSchema);

/** The account's event types; one we cannot read (no id or length) is left out, not the list. */
export const ListEventTypesResponseSchema = successEnvelope(readableItems(EventTypeSchema));

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
