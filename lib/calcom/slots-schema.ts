import { z } from "zod";
import { InstantSchema } from "./instant-schema.js";
import { successEnvelope } from "./success-envelope.js";

/** A free slot as two instants. */
export const SlotSchema = z.object({ start: InstantSchema, end: InstantSchema });
export type CalcomSlot = z.output<typeof SlotSchema>;

/**
 * GET /v2/slots with format=range: `data` maps a date to its slots (seated event types add seat
 * counts, which we ignore). The keys are probably dates in the requested zone, but that is not
 * documented, so the slots of all keys are flattened and sorted by their own instants.
 */
export const SlotsResponseSchema = successEnvelope(z.record(z.string(), z.array(SlotSchema))).transform((byDate) =>
  Object.values(byDate)
    .flat()
    .sort((a, b) => a.start.getTime() - b.start.getTime()),
);
