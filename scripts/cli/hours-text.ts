import { WEEKDAYS, type BusinessHours, type Weekday } from "../../lib/scheduling/business-hours.js";
import { usageError } from "./cli-error.js";

const EXAMPLE = '"mon-fri 09:00-17:00, sat 10:00-14:00" (or the JSON the API takes)';
const FULL_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * --hours as an operator writes it: "mon-fri 09:00-12:00 13:00-17:00, sat 10:00-14:00" (days or
 * day ranges, each with one or more open-close intervals; days not named are closed; "closed"
 * alone means closed every day), or the API's JSON object as is. Only the notation is checked
 * here; the server checks the hours themselves and names what is wrong.
 */
export function parseHoursText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (error) {
      throw usageError(`--hours: not valid JSON (${error instanceof Error ? error.message : String(error)})`, `Write it as ${EXAMPLE}.`);
    }
  }
  const hours: Record<string, { open: string; close: string }[]> = {};
  if (/^closed$/i.test(trimmed)) return hours;
  for (const entry of trimmed.split(/[,;]/).map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z]+)(?:\s*-\s*([a-z]+))?\s+(.+)$/i.exec(entry);
    const first = match?.[1] && weekdayOf(match[1]);
    const last = match?.[2] ? weekdayOf(match[2]) : first;
    if (!match?.[3] || !first || !last) throw usageError(`--hours: cannot read "${entry}"`, `Write it as ${EXAMPLE}.`);
    const intervals = /^closed$/i.test(match[3]) ? [] : match[3].split(/\s+/).map((interval) => intervalOf(interval, entry));
    for (const day of dayRange(first, last)) {
      hours[day] = [...(hours[day] ?? []), ...intervals].sort((a, b) => a.open.localeCompare(b.open));
    }
  }
  if (Object.keys(hours).length === 0) throw usageError("--hours: no days given", `Write it as ${EXAMPLE}, or "closed".`);
  return hours;
}

/** The same notation back, consecutive days with equal hours joined: "mon-fri 09:00-17:00, sat 10:00-14:00". */
export function formatHoursText(hours: BusinessHours): string {
  const text = (day: Weekday) => (hours[day] ?? []).map((o) => `${o.open}-${o.close}`).join(" ");
  const groups: { from: Weekday; to: Weekday; text: string }[] = [];
  for (const day of WEEKDAYS) {
    const last = groups.at(-1);
    if (last && last.text === text(day) && WEEKDAYS.indexOf(last.to) === WEEKDAYS.indexOf(day) - 1) last.to = day;
    else groups.push({ from: day, to: day, text: text(day) });
  }
  const open = groups.filter((g) => g.text !== "");
  if (open.length === 0) return "closed every day";
  return open.map((g) => `${g.from === g.to ? g.from : `${g.from}-${g.to}`} ${g.text}`).join(", ");
}

function weekdayOf(word: string): Weekday | undefined {
  const lower = word.toLowerCase();
  const index = FULL_NAMES.findIndex((name) => name === lower || name.slice(0, 3) === lower);
  return WEEKDAYS[index];
}

/** From one day to another, wrapping past Sunday (fri-mon is Friday to Monday). */
function dayRange(first: Weekday, last: Weekday): Weekday[] {
  const days: Weekday[] = [];
  for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % WEEKDAYS.length) {
    const day = WEEKDAYS[i] as Weekday;
    days.push(day);
    if (day === last) return days;
  }
}

function intervalOf(text: string, entry: string): { open: string; close: string } {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw usageError(`--hours: "${text}" in "${entry}" is not an interval such as 09:00-17:00`, `Write it as ${EXAMPLE}.`);
  const [, openHour = "", openMinute = "", closeHour = "", closeMinute = ""] = match;
  return { open: `${openHour.padStart(2, "0")}:${openMinute}`, close: `${closeHour.padStart(2, "0")}:${closeMinute}` };
}
