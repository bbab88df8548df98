import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "must be HH:MM (24-hour)");

const opening = { open: clock, close: z.union([clock, z.literal("24:00")]) };
const openBeforeClose = [(s: { open: string; close: string }) => s.open < s.close, { message: "open must be before close" }] as const;
const OpeningSchema = z.object(opening).refine(...openBeforeClose);

/**
 * Opening hours per weekday in the business's timezone: {"mon": [{"open": "09:00", "close": "17:00"}]}.
 * A missing day is closed; a day may have several intervals (lunch break). The database checks
 * the same shape (private.is_valid_business_hours) and that a day's intervals do not overlap
 * (private.business_hours_overlap_free).
 */
export const BusinessHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(OpeningSchema).max(12));
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/** The same, as operators send it: a misspelt key inside an interval ("clsoe") is refused by
 *  name instead of dropped, and so is an interval overlapping an earlier one of its day (its
 *  slots would be offered twice); adjacent ones (09:00-12:00, 12:00-13:00) are fine. (Stored rows
 *  are read leniently: owners may edit them through RLS.) */
export const BusinessHoursInputSchema = z.partialRecord(
  z.enum(WEEKDAYS),
  z.array(z.strictObject(opening).refine(...openBeforeClose)).max(12).superRefine(refuseOverlaps),
);

type Opening = { open: string; close: string };

function refuseOverlaps(day: Opening[], ctx: z.RefinementCtx): void {
  // "HH:MM" (and "24:00") compare as text in time order.
  day.forEach((later, index) => {
    const earlier = day.slice(0, index).find((span) => span.open < later.close && later.open < span.close);
    if (earlier) ctx.addIssue({ code: "custom", path: [index], message: `overlaps ${earlier.open}-${earlier.close}` });
  });
}
