import { DateTime } from "luxon";
import type { JsonObject } from "./openapi-schema-dialect.js";

export interface SlotRules {
  /** The host's zone: opening hours are local to it. */
  hostTimeZone: string;
  openHour: number;
  closeHour: number;
  lengthInMinutes: number;
  /** Starts (epoch ms) already booked. */
  taken: Set<number>;
}

/**
 * The free slots Cal.com would answer for [start, end) with format=range: opening hours in the host's
 * zone, written with offsets in the requested `timeZone` and grouped by the date there. Real
 * instants, so a DST day has its own offsets.
 */
export function fakeSlots(rules: SlotRules, window: { start: Date; end: Date; timeZone: string }): JsonObject {
  const byDate: Record<string, { start: string; end: string }[]> = {};
  let day = DateTime.fromJSDate(window.start, { zone: rules.hostTimeZone }).startOf("day");
  while (day.toMillis() < window.end.getTime()) {
    for (let slot = day.set({ hour: rules.openHour }); slot.plus({ minutes: rules.lengthInMinutes }) <= day.set({ hour: rules.closeHour }); slot = slot.plus({ minutes: rules.lengthInMinutes })) {
      const startMs = slot.toMillis();
      if (startMs < window.start.getTime() || startMs >= window.end.getTime() || rules.taken.has(startMs)) continue;
      const shown = slot.setZone(window.timeZone);
      const date = shown.toISODate() ?? "";
      (byDate[date] ??= []).push({ start: shown.toISO() ?? "", end: shown.plus({ minutes: rules.lengthInMinutes }).toISO() ?? "" });
    }
    day = day.plus({ days: 1 });
  }
  return byDate;
}

/** Whether `start` is a slot start inside the opening hours (what Cal.com accepts for a booking). */
export function isSlotStart(rules: SlotRules, start: Date): boolean {
  const local = DateTime.fromJSDate(start, { zone: rules.hostTimeZone });
  const minutes = local.hour * 60 + local.minute;
  const open = rules.openHour * 60;
  return local.second === 0 && minutes >= open && minutes + rules.lengthInMinutes <= rules.closeHour * 60 && (minutes - open) % rules.lengthInMinutes === 0;
}
