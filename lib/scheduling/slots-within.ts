import type { Interval } from "./local-day.js";

export interface SlotOptions {
  slotMinutes: number;
  /** Slots starting before this instant are gone (earlier today). */
  notBefore?: Date;
  /** Taken time; a slot overlapping any of it is not offered. */
  busy?: Interval[];
}

/** Back-to-back slots of `slotMinutes` from the start of each opening, each fitting inside it. */
export function slotsWithin(openings: Interval[], options: SlotOptions): Interval[] {
  const length = options.slotMinutes * 60_000;
  const slots: Interval[] = [];
  for (const opening of openings) {
    for (let start = opening.start.getTime(); start + length <= opening.end.getTime(); start += length) {
      const slot = { start: new Date(start), end: new Date(start + length) };
      if (options.notBefore && slot.start < options.notBefore) continue;
      if (options.busy?.some((taken) => overlaps(slot, taken))) continue;
      slots.push(slot);
    }
  }
  return slots;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}
