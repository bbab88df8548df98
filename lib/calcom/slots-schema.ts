import { z } from "zod";
import { optionalField } from "../schemas/optional-field.js";
import { InstantSchema } from "./instant-schema.js";
import { successEnvelope } from "./success-envelope.js";

/** A free slot as Cal.com lists it: `format=range` gives start and end; the default format (what
 *  live answers without `format` carry) only the start. Seated event types add seat counts. */
const ListedSlotSchema = z.looseObject({ start: InstantSchema, end: optionalField(InstantSchema) });

/** A free slot as two instants. */
export interface CalcomSlot {
  start: Date;
  end: Date;
}

/**
 * GET /v2/slots: `data` maps a date to its slots. The keys are probably dates in the requested
 * zone, but that is not documented, so the slots of all keys are flattened and sorted by their own
 * instants. A slot without an end lasts the event type's length. A slot without a readable start,
 * or a date whose value is not a list (the legacy /v2/slots/available answer's
 * `data.slots[date][{time}]`), fails the answer: guessing would offer times that are not free.
 */
export function slotsResponseSchema(slotMinutes: number) {
  return successEnvelope(z.record(z.string(), z.array(ListedSlotSchema))).transform((byDate): CalcomSlot[] =>
    Object.values(byDate)
      .flat()
      .map((slot) => ({ start: slot.start, end: slot.end ?? new Date(slot.start.getTime() + slotMinutes * 60_000) }))
      .sort((a, b) => a.start.getTime() - b.start.getTime()),
  );
}
