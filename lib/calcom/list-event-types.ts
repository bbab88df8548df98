import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { ListEventTypesResponseSchema, type CalcomEventType } from "./event-type-schema.js";

/** GET /v2/event-types with no filter: the connected user's own event types, hidden ones included. */
export function listEventTypes(transport: CalcomTransport): Promise<CalcomEventType[]> {
  return transport.send({ method: "GET", path: "/v2/event-types", version: CALCOM_API_VERSIONS.eventTypes, schema: ListEventTypesResponseSchema });
}
