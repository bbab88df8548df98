import { z } from "zod";
import { CalendarDateSchema } from "../scheduling/local-day.js";
import { refuseUnstorableTime } from "../scheduling/unstorable-time.js";

const Bound = z
  .union([CalendarDateSchema, z.iso.datetime({ offset: true })], {
    error: "must be a date (YYYY-MM-DD) or a date-time with an offset (2026-03-02T09:00:00-05:00)",
  })
  .superRefine(refuseUnstorableTime);

/** `from` and `to` of a list: instants, or dates meaning the business's own local days (so
 *  "March 3" is March 3 where the business is). `from` is inclusive; `to` is exclusive as an
 *  instant and inclusive as a date (`from=2026-03-03&to=2026-03-03` is that whole day). */
export const DateRangeQuerySchema = z.object({
  from: Bound.optional().describe("Start: a date (YYYY-MM-DD, the business's local day) or a date-time with an offset; inclusive."),
  to: Bound.optional().describe("End: a date (YYYY-MM-DD, that local day included) or a date-time with an offset (exclusive)."),
});
