import { describe, expect, it } from "vitest";
import { vapiTime } from "../lib/vapi/vapi-time.js";

describe("a time as VAPI writes it", () => {
  it.each([
    ["epoch milliseconds (what VAPI sends now)", 1727030665008, "2024-09-22T18:44:25.008Z"],
    ["epoch milliseconds with a fraction (artifact message times)", 1720934911167.9998, "2024-07-14T05:28:31.167Z"],
    ["an ISO string (2024's message.timestamp)", "2024-07-25T18:53:47.736Z", "2024-07-25T18:53:47.736Z"],
    ["an ISO string with an offset", "2024-07-25T11:53:47-07:00", "2024-07-25T18:53:47.000Z"],
    ["an ISO string with an hours-only offset", "2024-07-25T23:53:47+05", "2024-07-25T18:53:47.000Z"],
    ["an ISO string with a compact offset", "2024-07-25T23:23:47+0430", "2024-07-25T18:53:47.000Z"],
    ["an ISO string without a zone, read as UTC", "2024-07-25T18:53:47", "2024-07-25T18:53:47.000Z"],
    ["milliseconds as text", "1727030665008", "2024-09-22T18:44:25.008Z"],
    ["epoch seconds", 1727030665, "2024-09-22T18:44:25.000Z"],
  ])("reads %s", (_what, value, iso) => {
    expect(vapiTime(value)?.toISOString()).toBe(iso);
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["prose", "March 7, 2024"],
    ["a date alone", "2024-07-25"],
    ["an impossible date", "2024-13-45T99:00:00Z"],
    ["a day the month does not have", "2024-02-30T10:00:00Z"],
    ["an hour the day does not have", "2024-02-10T24:30:00Z"],
    ["beyond year 9999", 1e300],
    ["not a number", Number.NaN],
    ["an object", { seconds: 1 }],
  ])("reads %s as no time at all", (_what, value) => {
    expect(vapiTime(value)).toBeUndefined();
  });
});
