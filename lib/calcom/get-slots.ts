import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { requirePositiveId } from "./require-positive-id.js";
import { slotsResponseSchema, type CalcomSlot } from "./slots-schema.js";

export interface SlotsQuery {
  eventTypeId: number;
  /** The window as instants, e.g. a business's local day computed in its zone (DST-correct). */
  start: Date;
  end: Date;
  /** The zone Cal.com renders the answer in; it does not move the window. */
  timeZone: string;
  /** How long a slot lasts when Cal.com lists only its start: the event type's length. */
  slotMinutes: number;
  /** Keeps that booking's own slot free while looking for a new time for it. */
  bookingUidToReschedule?: string;
}

/**
 * GET /v2/slots (2024-09-04) with format=range. `start`/`end` go out as UTC instants because Cal.com
 * reads them in UTC whatever `timeZone` says; a date-only value would be a UTC day, not the
 * business's (reference/calcom.md §3). Returns the free slots sorted by start.
 */
export function getSlots(transport: CalcomTransport, query: SlotsQuery): Promise<CalcomSlot[]> {
  requirePositiveId(query.eventTypeId, "eventTypeId");
  if (!(query.end.getTime() > query.start.getTime())) throw new RangeError("the slots window must end after it starts");
  if (!Number.isSafeInteger(query.slotMinutes) || query.slotMinutes <= 0) throw new RangeError(`slotMinutes must be a positive integer, got ${query.slotMinutes}`);
  return transport.send({
    method: "GET",
    path: "/v2/slots",
    version: CALCOM_API_VERSIONS.slots,
    params: {
      eventTypeId: query.eventTypeId,
      start: query.start.toISOString(),
      end: query.end.toISOString(),
      timeZone: query.timeZone,
      format: "range",
      bookingUidToReschedule: query.bookingUidToReschedule,
    },
    schema: slotsResponseSchema(query.slotMinutes),
  });
}
