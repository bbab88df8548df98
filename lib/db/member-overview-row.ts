import { z } from "zod";

const count = z.number().int().nonnegative();

/** Calls of a period as public.member_business_overview counts them. */
const FiguresRowSchema = z
  .object({
    calls: count,
    answered: count,
    missed: count,
    bookings: count,
    conversion: z.number().nullable(),
    average_duration_seconds: z.number().nullable(),
  })
  .transform((f) => ({
    calls: f.calls,
    answered: f.answered,
    missed: f.missed,
    bookings: f.bookings,
    conversion: f.conversion,
    averageDurationSeconds: f.average_duration_seconds,
  }));

/** public.member_business_overview's answer; null when the member cannot see the business. */
export const MemberOverviewRowSchema = z
  .object({
    business: z.object({ id: z.uuid(), name: z.string(), timezone: z.string() }),
    today: FiguresRowSchema,
    week: FiguresRowSchema,
    all_time: FiguresRowSchema,
    days: z.array(z.object({ day: z.iso.date(), calls: count, answered: count, missed: count, bookings: count })),
  })
  .transform(({ all_time, ...overview }) => ({ ...overview, allTime: all_time }))
  .nullable();

export type MemberOverview = NonNullable<z.output<typeof MemberOverviewRowSchema>>;
export type CallFigures = MemberOverview["today"];
