import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { GetEventTypeResponseSchema, type CalcomEventType } from "./event-type-schema.js";
import { requirePositiveId } from "./require-positive-id.js";

/** GET /v2/event-types/{id}; an unknown id (or another account's) is a not_found CalcomError. */
export function getEventType(transport: CalcomTransport, eventTypeId: number): Promise<CalcomEventType> {
  requirePositiveId(eventTypeId, "eventTypeId");
  return transport.send({
    method: "GET",
    path: `/v2/event-types/${eventTypeId}`,
    version: CALCOM_API_VERSIONS.eventTypes,
    schema: GetEventTypeResponseSchema,
  });
}
