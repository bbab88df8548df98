import { z } from "zod";
import type { Interval } from "../scheduling/local-day.js";
import { isoInZone } from "../scheduling/local-day.js";
import { spokenTime } from "../scheduling/spoken-time.js";

/** A slot as clients see it: ISO 8601 with the business's offset, and how a caller hears it. */
export const SlotViewSchema = z.object({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  label: z.string().describe('How the assistant says it, e.g. "Monday, July 15 at 9 AM".'),
});
export type SlotView = z.infer<typeof SlotViewSchema>;

export function toSlotView(slot: Interval, timeZone: string): SlotView {
  return { start: isoInZone(slot.start, timeZone), end: isoInZone(slot.end, timeZone), label: spokenTime(slot.start, timeZone) };
}
