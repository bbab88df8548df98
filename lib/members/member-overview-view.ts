import { z } from "zod";
import type { MemberOverview } from "../db/member-overview-row.js";

const count = z.number().int().nonnegative();

/** What the overview counts for a period; the definitions are the analytics views'. */
export const CallFiguresViewSchema = z.object({
  calls: count,
  answered: count.describe("Calls with talk time."),
  missed: count.describe("Calls that ended without any talk time."),
  bookings: count.describe("Calls that ended with a booking."),
  conversion: z.number().nullable().describe("Bookings per answered call (0 to 1, three decimals); null without answered calls."),
  averageDurationSeconds: z.number().nullable().describe("Average talk time of the answered calls; null without any."),
});

export const DayFiguresViewSchema = z.object({
  day: z.iso.date().describe("A local day of the business (YYYY-MM-DD)."),
  calls: count,
  answered: count,
  missed: count,
  bookings: count,
});

/** GET /api/member/businesses/{id}/overview's answer. */
export const MemberOverviewViewSchema = z.object({
  business: z.object({ id: z.uuid(), name: z.string(), timezone: z.string() }),
  today: CallFiguresViewSchema.describe("Today in the business's time zone."),
  week: CallFiguresViewSchema.describe("The last 7 local days, today included."),
  allTime: CallFiguresViewSchema,
  days: z.array(DayFiguresViewSchema).describe("The last 30 local days, oldest first, ending today; days without calls count zero."),
});

export type MemberOverviewView = z.infer<typeof MemberOverviewViewSchema>;

export function toMemberOverviewView(overview: MemberOverview): MemberOverviewView {
  return MemberOverviewViewSchema.parse(overview);
}
