import type { z } from "zod";

/**
 * The first and last days an operator may name (in a list's `from`/`to`, a cursor, an
 * availability date, a booking's start). PostgreSQL and JavaScript both reach further, but not
 * alike: PostgreSQL refuses the year 0000 written out and offsets beyond ±15:59, and a JS Date
 * past 9999 writes its year as +010000, which PostgreSQL cannot read. A day's margin on either
 * side keeps every instant made from these (a local day in any zone, an appointment's end)
 * within 0001-01-01 and 9999-12-31 in UTC, which both read and write alike.
 */
export const EARLIEST_DATE = "0001-01-02";
export const LATEST_DATE = "9999-12-30";

const RANGE = `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
const FIRST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const END_INSTANT = Date.parse("9999-12-31T00:00:00Z");
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

/**
 * Why a date (YYYY-MM-DD), a wall-clock time (YYYY-MM-DDTHH:mm) or a date-time with an offset
 * cannot be stored; undefined when it can, or when it is none of those (its format check says so).
 */
export function unstorableTime(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = value.slice(0, 10);
  if (date < EARLIEST_DATE || date > LATEST_DATE) return RANGE;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (!offset && !/[zZ]$/.test(value)) return undefined;
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) return "the offset must be at most ±15:59";
  const instant = Date.parse(value);
  return instant < FIRST_INSTANT || instant >= END_INSTANT ? RANGE : undefined;
}

/** A zod check that refuses what unstorableTime refuses, with its reason. */
export function refuseUnstorableTime(value: string, ctx: z.RefinementCtx): void {
  const problem = unstorableTime(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
}
