import { z } from "zod";
import { PageQuerySchema } from "../http/page.js";

/** GET /api/member/businesses/{id}/bookings's query. */
export const MemberBookingListQuerySchema = PageQuerySchema.extend({
  when: z
    .enum(["upcoming", "past"])
    .default("upcoming")
    .describe("upcoming: not over yet (one in progress included), soonest first; past: over, latest first. upcoming when left out."),
});

export type MemberBookingListQuery = z.output<typeof MemberBookingListQuerySchema>;
