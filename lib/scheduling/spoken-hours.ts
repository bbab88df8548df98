import { WEEKDAYS, type BusinessHours, type Weekday } from "./business-hours.js";

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday",
};

/** "09:00" → "9 AM", "17:30" → "5:30 PM", "24:00" → "midnight": how a receptionist says a clock time. */
export function spokenClock(clock: string): string {
  if (clock === "24:00" || clock === "00:00") return "midnight";
  const [hours = 0, minutes = 0] = clock.split(":").map(Number);
  if (hours === 12 && minutes === 0) return "noon";
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""} ${hours < 12 ? "AM" : "PM"}`;
}

/** The week's opening hours as sentences for an assistant's prompt: "Monday: 9 AM to 5 PM." */
export function spokenHours(hours: BusinessHours): string {
  return WEEKDAYS.map((day) => {
    const spans = hours[day] ?? [];
    if (spans.length === 0) return `${DAY_NAMES[day]}: closed.`;
    return `${DAY_NAMES[day]}: ${spans.map((s) => `${spokenClock(s.open)} to ${spokenClock(s.close)}`).join(" and ")}.`;
  }).join("\n");
}
