import { CALCOM_API_VERSIONS } from "./calcom-api-versions.js";
import type { CalcomTransport } from "./calcom-transport.js";
import { BookingResponseSchema, type CalcomBookingMade } from "./booking-schema.js";
import { requirePositiveId } from "./require-positive-id.js";

export interface NewBooking {
  eventTypeId: number;
  /** A slot's start; sent as a UTC instant. */
  start: Date;
  attendee: {
    name: string;
    /** Required unless the event type is phone-based (see CalcomEventType.emailRequired). */
    email?: string;
    /** E.164, e.g. +14155550123. */
    phoneNumber?: string;
    /** IANA zone for the attendee's confirmations. */
    timeZone: string;
    language?: string;
  };
  /** Answers to the event type's booking fields by slug (e.g. notes, attendeePhoneNumber). */
  bookingFieldsResponses?: Record<string, string | number | boolean | string[]>;
  /** ≤ 50 keys, string values ≤ 500 characters; we put our call id here. */
  metadata?: Record<string, string>;
}

/**
 * POST /v2/bookings (2024-08-13). Never retried: Cal.com has no idempotency key, so a failure with
 * `outcomeUnknown` must be resolved by looking the booking up. A taken time is a slot_unavailable
 * CalcomError. Host-only flags (allowConflicts…) are never sent.
 */
export function createBooking(transport: CalcomTransport, booking: NewBooking): Promise<CalcomBookingMade> {
  requirePositiveId(booking.eventTypeId, "eventTypeId");
  const { name, email, phoneNumber, timeZone, language } = booking.attendee;
  return transport.send({
    method: "POST",
    path: "/v2/bookings",
    version: CALCOM_API_VERSIONS.bookings,
    body: {
      start: booking.start.toISOString(),
      eventTypeId: booking.eventTypeId,
      attendee: { name, timeZone, email, phoneNumber, language },
      bookingFieldsResponses: booking.bookingFieldsResponses,
      metadata: booking.metadata,
    },
    schema: BookingResponseSchema,
  });
}
