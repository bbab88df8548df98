import { z } from "zod";
import { SlotViewSchema } from "./slot-view.js";

/** GET /api/calcom/availability's answer: the free slots of one local day. */
export const AvailabilityViewSchema = z.object({
  date: z.iso.date(),
  timeZone: z.string().describe("The business's IANA zone; slot times carry its offset."),
  slots: z.array(SlotViewSchema),
});
export type AvailabilityView = z.infer<typeof AvailabilityViewSchema>;
