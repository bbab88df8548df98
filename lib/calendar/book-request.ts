import { z } from "zod";
import { E164Schema } from "../phone/e164.js";
import { refuseUnstorableTime } from "../scheduling/unstorable-time.js";

/** An instant with its offset (2026-03-09T09:30:00-04:00, or Z), or wall-clock time in the
 *  business's zone (2026-03-09T09:30), which is how the assistant speaks. */
const StartSchema = z
  .union([z.iso.datetime({ offset: true, local: false }), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:00)?$/)], {
    error: "must be an ISO 8601 date-time, with an offset or in the business's local time (YYYY-MM-DDTHH:mm)",
  })
  .superRefine(refuseUnstorableTime);

/** POST /api/calcom/book's body. */
export const BookRequestSchema = z.object({
  businessId: z.uuid("must be a business id (uuid)"),
  start: StartSchema,
  name: z.string().trim().min(1, "is required").max(200),
  phone: E164Schema,
  email: z.email("must be an email address").optional(),
  notes: z.string().max(2000).optional(),
  eventTypeId: z.number().int().positive().optional(),
});

/** Idempotency-Key header: the same key books once. */
export const IdempotencyKeySchema = z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters").optional();

/** The Idempotency-Key header of a request, refused by its name when malformed. */
export function idempotencyKeyOf(headers: Headers): string | undefined {
  return z.object({ "Idempotency-Key": IdempotencyKeySchema }).parse({ "Idempotency-Key": headers.get("idempotency-key") ?? undefined })["Idempotency-Key"];
}

/** Offsetless starts stay strings (local wall-clock time); the rest become instants. */
export function startOf(value: string): Date | string {
  return /[zZ]$|[+-]\d{2}:?\d{2}$/.test(value) ? new Date(value) : value.slice(0, 16);
}
