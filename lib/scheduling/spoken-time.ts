import { DateTime } from "luxon";
import { zoned } from "./local-day.js";

/** A time as a receptionist says it, in the business's zone: "9 AM", "9:30 AM", "12 PM" (whole
 *  hours without ":00", as people say them). */
export function spokenTime(instant: Date, timeZone: string): string {
  const local = zoned(DateTime.fromJSDate(instant), timeZone);
  return local.toFormat(local.minute === 0 ? "h a" : "h:mm a", { locale: "en-US" });
}
