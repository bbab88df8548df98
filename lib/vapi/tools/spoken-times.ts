import type { SlotView } from "../../calendar/slot-view.js";

/** "9 AM", "9 AM or 10 AM", "9 AM, 10 AM or 11 AM": a short list as it is said aloud. */
export function spokenList(labels: string[], last = "or"): string {
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} ${last} ${labels.at(-1)}`;
}

const PARTS = { morning: [0, 12], afternoon: [12, 17], evening: [17, 24] } as const;

/** Slots in the caller's preferred part of the day (by the hour in the business's zone). */
export function inPartOfDay(slots: SlotView[], preference: string | undefined): SlotView[] {
  const range = preference && preference in PARTS ? PARTS[preference as keyof typeof PARTS] : undefined;
  if (!range) return slots;
  return slots.filter((slot) => {
    const hour = Number(slot.start.slice(11, 13));
    return hour >= range[0] && hour < range[1];
  });
}

/** Few enough to say: spread across the day rather than the first four in a row. */
export function fewToSay(slots: SlotView[], count = 4): SlotView[] {
  if (slots.length <= count) return slots;
  const step = (slots.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => slots[Math.round(i * step)]).filter((s): s is SlotView => s !== undefined);
}
