import { z } from "zod";

/** PUT /api/member/businesses/{id}/calendar/default-event-type's body. */
export const DefaultEventTypeBodySchema = z.strictObject({
  eventTypeId: z.number().int().positive().describe("One of the event types GET …/calendar lists."),
});
