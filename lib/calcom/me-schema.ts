import { z } from "zod";
import { optionalField } from "../schemas/optional-field.js";
import { successEnvelope } from "./success-envelope.js";

/**
 * The connected Cal.com account (GET /v2/me), as far as we use it: `id` is the stable account
 * key (required), `username` names it for operators, `email` and `name` for the owner's
 * dashboard, `timeZone` is the zone event types fall back to. Live answers recorded in 2025 have
 * no `name` (and `organizationId` null): fields we do not read are not parsed, and those we read
 * but can do without may be missing or null.
 */
export const MeSchema = z
  .looseObject({
    id: z.number().int().positive(),
    username: optionalField(z.string().min(1)),
    email: optionalField(z.string().min(1)),
    name: optionalField(z.string().min(1)),
    timeZone: optionalField(z.string().min(1)),
  })
  .transform((me) => ({ id: me.id, username: me.username ?? null, email: me.email ?? null, name: me.name ?? null, timeZone: me.timeZone ?? null }));

export type CalcomMe = z.output<typeof MeSchema>;

export const GetMeResponseSchema = successEnvelope(MeSchema);
