import { z } from "zod";

/**
 * An IANA zone name (America/New_York, UTC). Node's Intl also accepts offsets such as "+03:00",
 * which the database refuses (private.is_valid_timezone), so the name form is required first.
 */
export function isIanaTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value) || value === "Factory") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().refine(isIanaTimeZone, "must be an IANA time zone such as America/New_York");
