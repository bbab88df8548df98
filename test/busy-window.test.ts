// busyWindowOf is computed before the business's zone is known: whatever the zone, the local day a
// tool's words mean must lie inside it, or the one-round-trip read would miss bookings.
import { describe, expect, it } from "vitest";
import { localDayWindow } from "../lib/scheduling/local-day.js";
import { resolveSpokenDate } from "../lib/scheduling/spoken-date.js";
import { busyWindowOf } from "../lib/vapi/tools/busy-window.js";

const ZONES = ["Pacific/Kiritimati", "Pacific/Tongatapu", "Pacific/Chatham", "Asia/Kathmandu", "Europe/Berlin", "UTC", "America/St_Johns", "America/New_York", "America/Santiago", "Pacific/Pago_Pago", "Etc/GMT+12"];
const WORDS = ["today", "tomorrow", "monday", "next friday", "sunday", "2030-07-15"];

/** Instants spread over a year, at every hour of the UTC day (seeded, so a failure reproduces). */
function instants(): Date[] {
  let seed = 20261126;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: 200 }, () => new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 365 * 24) * 3_600_000 + Math.floor(next() * 60) * 60_000));
}

describe("busyWindowOf", () => {
  it("covers the day spoken words mean in every zone, at every hour", () => {
    for (const now of instants()) {
      for (const words of WORDS) {
        const window = busyWindowOf([{ id: "c", name: "checkAvailability", args: { date: words } }], now);
        expect(window).not.toBeNull();
        for (const zone of ZONES) {
          const date = resolveSpokenDate(words, zone, now);
          if (!date) throw new Error(`${words} in ${zone} did not resolve`);
          const day = localDayWindow(date, zone);
          const where = `${words} at ${now.toISOString()} in ${zone}`;
          expect(day.start.getTime(), where).toBeGreaterThanOrEqual(window?.start.getTime() ?? Infinity);
          expect(day.end.getTime(), where).toBeLessThanOrEqual(window?.end.getTime() ?? -Infinity);
        }
      }
    }
  });

  it("covers a booking's local day and a new time with an offset, and spans the message's tools", () => {
    const now = new Date("2030-07-10T12:00:00Z");
    const window = busyWindowOf(
      [
        { id: "a", name: "createBooking", args: { name: "A", dateTime: "2030-07-15T10:00" } },
        { id: "b", name: "rescheduleBooking", args: { newDateTime: "2030-07-20T23:30:00-11:00" } },
      ],
      now,
    );
    for (const zone of ZONES) {
      expect(localDayWindow("2030-07-15", zone).start.getTime()).toBeGreaterThanOrEqual(window?.start.getTime() ?? Infinity);
      expect(localDayWindow("2030-07-21", zone).end.getTime()).toBeLessThanOrEqual(window?.end.getTime() ?? -Infinity);
    }
  });

  it("reads nothing for tools without a day, unreadable days, or days too far apart", () => {
    const now = new Date("2030-07-10T12:00:00Z");
    expect(busyWindowOf([{ id: "f", name: "findBooking", args: {} }], now)).toBeNull();
    expect(busyWindowOf([{ id: "c", name: "checkAvailability", args: { date: "after the concert" } }], now)).toBeNull();
    expect(busyWindowOf([{ id: "c", name: "createBooking", args: { dateTime: 42 } }], now)).toBeNull();
    const far = [
      { id: "a", name: "checkAvailability", args: { date: "2030-07-15" } },
      { id: "b", name: "checkAvailability", args: { date: "2031-07-15" } },
    ];
    expect(busyWindowOf(far, now)).toBeNull();
  });
});
