import { z } from "zod";

/** Years a time of ours can be in: a JavaScript date outside them cannot be written as ISO 8601
 *  text that PostgreSQL reads (or, past ±8.64e15 ms, written at all). */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

/** Below this a number cannot be epoch milliseconds of our era (it would be before March 1973):
 *  it is epoch seconds. */
const SECONDS_BELOW = 1e11;

/** An ISO 8601 date-time: a date, `T`, a time; with Z, an offset (±hh, ±hhmm, ±hh:mm) or neither
 *  (then read as UTC). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A time as VAPI writes it, as a Date: epoch milliseconds (what it sends now), an ISO 8601 string
 * (requests captured from real calls in 2024 carry `message.timestamp` as
 * "2024-07-25T18:53:47.736Z"), or either as text. Anything else (null, nonsense, a date no
 * database can hold) is undefined: a time we cannot read must never cost the message it is in.
 */
export function vapiTime(value: unknown): Date | undefined {
  if (typeof value === "number") return validDate(value < SECONDS_BELOW && value > -SECONDS_BELOW ? value * 1000 : value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return vapiTime(Number(text));
  const parts = ISO_DATE_TIME.exec(text);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second = "00", zone] = parts;
  // Date.parse rolls "02-30" over into March; a date that does not exist is no time at all.
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const local = zone ? text.slice(0, -zone.length) : text;
  return validDate(Date.parse(`${local}${isoOffset(zone)}`));
}

/** Z, ±hh, ±hhmm or ±hh:mm as the ±hh:mm Date.parse reads; no zone is UTC. */
function isoOffset(zone: string | undefined): string {
  if (!zone || /^z$/i.test(zone)) return "Z";
  const digits = zone.slice(1).replace(":", "");
  return `${zone.slice(0, 1)}${digits.slice(0, 2)}:${digits.slice(2) || "00"}`;
}

/** A field holding a VAPI time: always parses, to a Date or undefined. */
export const VapiTimeSchema = z.unknown().transform(vapiTime).optional();

function validDate(ms: number): Date | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < FIRST_YEAR || year > LAST_YEAR ? undefined : date;
}
