import { z } from "zod";
import { LocalDateSchema } from "../scheduling/local-day.js";

/** GET /api/calcom/availability's query. eventTypeId picks a Cal.com event type; the built-in
 *  calendar has one kind of appointment and ignores it. */
export const AvailabilityQuerySchema = z.object({
  businessId: z.uuid("must be a business id (uuid)"),
  date: LocalDateSchema,
  eventTypeId: z.coerce.number().int().positive().optional(),
});
