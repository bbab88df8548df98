import type { Interval } from "../scheduling/local-day.js";
import { isoInZone } from "../scheduling/local-day.js";
import { spokenTime } from "../scheduling/spoken-time.js";

/** A slot as clients see it: ISO 8601 with the business's offset, and how a caller hears it. */
export interface SlotView {
  start: string;
  end: string;
  label: string;
}

export function toSlotView(slot: Interval, timeZone: string): SlotView {
  return { start: isoInZone(slot.start, timeZone), end: isoInZone(slot.end, timeZone), label: spokenTime(slot.start, timeZone) };
}
