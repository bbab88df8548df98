import { describe, expect, it } from "vitest";
import type { BusinessHours } from "../lib/scheduling/business-hours.js";
import { isoInZone, localDateAt, localDayWindow, LocalDateSchema, localTimeToInstant } from "../lib/scheduling/local-day.js";
import { openingIntervals } from "../lib/scheduling/opening-intervals.js";
import { slotsWithin } from "../lib/scheduling/slots-within.js";
import { spokenTime } from "../lib/scheduling/spoken-time.js";
import { unstorableTime } from "../lib/scheduling/unstorable-time.js";

const hoursOf = (interval: { start: Date; end: Date }) => (interval.end.getTime() - interval.start.getTime()) / 3_600_000;
const iso = (interval: { start: Date; end: Date }) => [interval.start.toISOString(), interval.end.toISOString()];

describe("localDayWindow", () => {
  it.each([
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23],
    ["America/New_York", "2026-11-01", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25],
    ["America/New_York", "2026-07-14", "2026-07-14T04:00:00.000Z", "2026-07-15T04:00:00.000Z", 24],
    ["Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", 23],
    ["Europe/Berlin", "2026-10-25", "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 25],
    // Santiago springs forward at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00.
    ["America/Santiago", "2026-09-05", "2026-09-05T04:00:00.000Z", "2026-09-06T04:00:00.000Z", 24],
    ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z", 23],
  ])("spans the local day in %s on %s (%s … %s, %i hours)", (zone, date, start, end, hours) => {
    const window = localDayWindow(date, zone);
    expect(iso(window)).toEqual([start, end]);
    expect(hoursOf(window)).toBe(hours);
  });

  it("refuses an unknown time zone", () => {
    expect(() => localDayWindow("2026-07-14", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("openingIntervals", () => {
  const weekdays: BusinessHours = {
    mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
    sun: [{ open: "01:00", close: "05:00" }],
    sat: [{ open: "20:00", close: "24:00" }],
  };

  it("reads the hours of that weekday as wall-clock time in the zone", () => {
    // 2026-07-13 is a Monday; New York is UTC-4 in summer.
    expect(openingIntervals("2026-07-13", "America/New_York", weekdays).map(iso)).toEqual([
      ["2026-07-13T13:00:00.000Z", "2026-07-13T16:00:00.000Z"],
      ["2026-07-13T17:00:00.000Z", "2026-07-13T21:00:00.000Z"],
    ]);
  });

  it("has nothing on a day the business is closed", () => {
    expect(openingIntervals("2026-07-14", "America/New_York", weekdays)).toEqual([]);
  });

  it("loses the skipped hour when the clocks spring forward during opening hours", () => {
    // Sunday 2026-03-08, New York: 02:00 jumps to 03:00, so 01:00–05:00 lasts 3 hours.
    const [night] = openingIntervals("2026-03-08", "America/New_York", weekdays);
    expect(night && iso(night)).toEqual(["2026-03-08T06:00:00.000Z", "2026-03-08T09:00:00.000Z"]);
  });

  it("gains the repeated hour when the clocks fall back during opening hours", () => {
    // Sunday 2026-11-01, New York: 02:00 returns to 01:00, so 01:00–05:00 lasts 5 hours.
    const [night] = openingIntervals("2026-11-01", "America/New_York", weekdays);
    expect(night && hoursOf(night)).toBe(5);
  });

  it("closes a day at 24:00 at the next local midnight", () => {
    // Saturday 2026-10-24 in Berlin (UTC+2 until the change on Sunday morning).
    const [evening] = openingIntervals("2026-10-24", "Europe/Berlin", weekdays);
    expect(evening && iso(evening)).toEqual(["2026-10-24T18:00:00.000Z", "2026-10-24T22:00:00.000Z"]);
  });
});

describe("slotsWithin", () => {
  const opening = { start: new Date("2026-07-13T13:00:00Z"), end: new Date("2026-07-13T15:10:00Z") };

  it("cuts back-to-back slots that fit inside each opening", () => {
    expect(slotsWithin([opening], { slotMinutes: 30 }).map((s) => s.start.toISOString())).toEqual([
      "2026-07-13T13:00:00.000Z",
      "2026-07-13T13:30:00.000Z",
      "2026-07-13T14:00:00.000Z",
      "2026-07-13T14:30:00.000Z",
    ]);
  });

  it("drops slots that start before notBefore and slots overlapping busy time", () => {
    const slots = slotsWithin([opening], {
      slotMinutes: 30,
      notBefore: new Date("2026-07-13T13:10:00Z"),
      busy: [{ start: new Date("2026-07-13T14:15:00Z"), end: new Date("2026-07-13T14:45:00Z") }],
    });
    expect(slots.map((s) => s.start.toISOString())).toEqual(["2026-07-13T13:30:00.000Z"]);
  });

  it("lets a slot end exactly where a booking starts", () => {
    const slots = slotsWithin([opening], { slotMinutes: 60, busy: [{ start: new Date("2026-07-13T14:00:00Z"), end: new Date("2026-07-13T15:00:00Z") }] });
    expect(slots.map((s) => s.start.toISOString())).toEqual(["2026-07-13T13:00:00.000Z"]);
  });
});

describe("times as callers hear them and as APIs write them", () => {
  it.each([
    ["2026-07-13T13:00:00Z", "9 AM"],
    ["2026-07-13T13:30:00Z", "9:30 AM"],
    ["2026-07-13T16:00:00Z", "12 PM"],
    ["2026-07-13T04:15:00Z", "12:15 AM"],
    ["2026-07-13T21:45:00Z", "5:45 PM"],
  ])("speaks %s in New York as %s", (instant, label) => {
    expect(spokenTime(new Date(instant), "America/New_York")).toBe(label);
  });

  it("writes ISO 8601 with the offset in force at that instant", () => {
    expect(isoInZone(new Date("2026-03-07T14:30:00Z"), "America/New_York")).toBe("2026-03-07T09:30:00-05:00");
    expect(isoInZone(new Date("2026-03-09T13:30:00Z"), "America/New_York")).toBe("2026-03-09T09:30:00-04:00");
  });

  it("turns local wall-clock time into an instant, moving a skipped time forward", () => {
    expect(localTimeToInstant("2026-07-13T09:30", "America/New_York").toISOString()).toBe("2026-07-13T13:30:00.000Z");
    expect(localTimeToInstant("2026-03-08T02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });

  it("takes the first of the two occurrences of a time repeated when clocks fall back", () => {
    expect(localTimeToInstant("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(localTimeToInstant("2026-10-25T02:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("names the local date of an instant", () => {
    expect(localDateAt(new Date("2026-07-14T03:30:00Z"), "America/New_York")).toBe("2026-07-13");
    expect(localDateAt(new Date("2026-07-14T03:30:00Z"), "Europe/Berlin")).toBe("2026-07-14");
  });
});

describe("LocalDateSchema", () => {
  it("accepts real dates written YYYY-MM-DD only", () => {
    expect(LocalDateSchema.safeParse("2028-02-29").success).toBe(true);
    for (const bad of ["2026-02-30", "2026-2-3", "13/07/2026", "2026-07-13T00:00", "tomorrow", ""]) {
      expect(LocalDateSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("times an operator may name", () => {
  it("are those PostgreSQL and JavaScript both read and write alike, with a day's margin", () => {
    const fine = ["0001-01-02", "9999-12-30", "2026-03-02", "2026-03-02T09:00", "2026-03-02T09:00:00-05:00", "0001-01-02T00:00:00Z", "9999-12-30T23:59:59.999999Z", "2026-03-02T09:00:00+15:59", "2026-03-02T09:00:00.123456-15:59"];
    expect(fine.map(unstorableTime)).toEqual(fine.map(() => undefined));
    const range = "must be between 0001-01-02 and 9999-12-30";
    expect(unstorableTime("0000-01-01")).toBe(range);
    expect(unstorableTime("0001-01-01")).toBe(range);
    expect(unstorableTime("9999-12-31")).toBe(range);
    expect(unstorableTime("0000-06-01T00:00:00Z")).toBe(range);
    expect(unstorableTime("0001-01-02T05:00:00+14:00")).toBe(range);
    expect(unstorableTime("9999-12-30T23:00:00-05:00")).toBe(range);
    expect(unstorableTime("9999-12-31T10:00")).toBe(range);
    expect(unstorableTime("2026-03-02T09:00:00+16:00")).toBe("the offset must be at most ±15:59");
    expect(unstorableTime("2026-03-02T09:00:00-23:59")).toBe("the offset must be at most ±15:59");
    // Other shapes are for the format checks to name.
    expect(["tomorrow", "", "2026-3-2"].map(unstorableTime)).toEqual([undefined, undefined, undefined]);
  });
});
