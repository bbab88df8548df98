import { z } from "zod";
import { successEnvelope } from "./success-envelope.js";

/** The connected Cal.com account (GET /v2/me). `id` is the stable account key; `timeZone` its default zone. */
export const MeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  timeZone: z.string(),
  defaultScheduleId: z.number().int().nullable(),
  organizationId: z.number().int().nullable(),
});

export type CalcomMe = z.infer<typeof MeSchema>;

export const GetMeResponseSchema = successEnvelope(MeSchema);
