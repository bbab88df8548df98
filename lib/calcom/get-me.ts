import type { CalcomTransport } from "./calcom-transport.js";
import { GetMeResponseSchema, type CalcomMe } from "./me-schema.js";

/** GET /v2/me: verifies a credential and names the account (needs PROFILE_READ with OAuth). */
export function getMe(transport: CalcomTransport): Promise<CalcomMe> {
  return transport.send({ method: "GET", path: "/v2/me", schema: GetMeResponseSchema });
}
