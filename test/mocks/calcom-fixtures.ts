import type { JsonObject } from "./openapi-schema-dialect.js";

/**
 * Cal.com API v2 bodies shaped as the spec documents them (MeOutput, EventTypeOutput_2024_06_14,
 * BookingOutput_2024_08_13, OAuth2TokensDto) with the values a small dental practice would have.
 * The fake checks every one against the spec before it answers.
 */

export const HOST = {
  id: 4242,
  username: "smile-dental",
  email: "frontdesk@smile-dental.example",
  name: "Smile Dental",
  timeZone: "America/New_York",
} as const;

export function meFixture(): JsonObject {
  return {
    ...HOST,
    avatarUrl: null,
    bio: null,
    timeFormat: 12,
    defaultScheduleId: 77,
    weekStart: "Monday",
    organizationId: null,
  };
}

type FieldOptions = { required: boolean; hidden: boolean };

/** Cal.com's default booking fields; a phone-based event type hides email and requires the phone. */
export function bookingFieldsFixture(mode: "email" | "phone"): JsonObject[] {
  const email: FieldOptions = mode === "email" ? { required: true, hidden: false } : { required: false, hidden: true };
  const phone: FieldOptions = mode === "email" ? { required: false, hidden: true } : { required: true, hidden: false };
  return [
    { type: "name", slug: "name", label: "Your name", placeholder: "", required: true, isDefault: true, disableOnPrefill: false },
    { type: "email", slug: "email", label: "Email address", placeholder: "", isDefault: true, ...email },
    { type: "phone", slug: "attendeePhoneNumber", label: "Phone number", placeholder: "", isDefault: true, ...phone },
    { type: "textarea", slug: "notes", label: "Additional notes", placeholder: "", required: false, hidden: false, isDefault: true },
  ];
}

export interface EventTypeSeed {
  id: number;
  slug: string;
  title: string;
  lengthInMinutes: number;
  booking: "email" | "phone";
  hidden?: boolean;
}

export const CLEANING: EventTypeSeed = { id: 101, slug: "cleaning", title: "Teeth cleaning", lengthInMinutes: 30, booking: "email" };
export const PHONE_CONSULT: EventTypeSeed = { id: 102, slug: "phone-consult", title: "Phone consultation", lengthInMinutes: 15, booking: "phone" };

export function eventTypeFixture(seed: EventTypeSeed): JsonObject {
  return {
    id: seed.id,
    lengthInMinutes: seed.lengthInMinutes,
    lengthInMinutesOptions: [],
    title: seed.title,
    slug: seed.slug,
    description: "",
    locations: [{ type: "address", address: "1 Main St, Springfield", public: true }],
    bookingFields: bookingFieldsFixture(seed.booking),
    disableGuests: true,
    slotInterval: null,
    minimumBookingNotice: 120,
    beforeEventBuffer: 0,
    afterEventBuffer: 0,
    recurrence: null,
    metadata: {},
    price: 0,
    currency: "usd",
    lockTimeZoneToggleOnBookingPage: false,
    seatsPerTimeSlot: null,
    forwardParamsSuccessRedirect: null,
    successRedirectUrl: null,
    isInstantEvent: false,
    seatsShowAvailabilityCount: null,
    scheduleId: null,
    hidden: seed.hidden ?? false,
    bookingRequiresAuthentication: false,
    ownerId: HOST.id,
    users: [HOST.username],
    bookingUrl: `https://cal.com/${HOST.username}/${seed.slug}`,
  };
}

export interface BookingSeed {
  id: number;
  uid: string;
  eventType: EventTypeSeed;
  start: Date;
  attendee: { name: string; email?: string; phoneNumber?: string; timeZone: string; language?: string };
  status?: "accepted" | "pending" | "cancelled" | "rejected";
  metadata?: JsonObject;
  bookingFieldsResponses?: JsonObject;
  cancellationReason?: string;
  reschedulingReason?: string;
  rescheduledFromUid?: string;
  rescheduledToUid?: string;
}

/** A BookingOutput_2024_08_13. A phone-only attendee gets Cal.com's synthetic `<digits>@sms.cal.com` email. */
export function bookingFixture(seed: BookingSeed): JsonObject {
  const end = new Date(seed.start.getTime() + seed.eventType.lengthInMinutes * 60_000);
  const email = seed.attendee.email ?? `${(seed.attendee.phoneNumber ?? "").replace(/\D/g, "")}@sms.cal.com`;
  const attendee: JsonObject = {
    name: seed.attendee.name,
    email,
    displayEmail: email,
    timeZone: seed.attendee.timeZone,
    language: seed.attendee.language ?? "en",
    absent: false,
    ...(seed.attendee.phoneNumber ? { phoneNumber: seed.attendee.phoneNumber } : {}),
  };
  return {
    id: seed.id,
    uid: seed.uid,
    title: `${seed.eventType.title} between ${HOST.name} and ${seed.attendee.name}`,
    description: "",
    hosts: [{ id: HOST.id, name: HOST.name, email: HOST.email, displayEmail: HOST.email, username: HOST.username, timeZone: HOST.timeZone }],
    status: seed.status ?? "accepted",
    start: seed.start.toISOString(),
    end: end.toISOString(),
    duration: seed.eventType.lengthInMinutes,
    eventTypeId: seed.eventType.id,
    eventType: { id: seed.eventType.id, slug: seed.eventType.slug },
    location: "1 Main St, Springfield",
    absentHost: false,
    createdAt: "2030-01-02T10:00:00.000Z",
    updatedAt: "2030-01-02T10:00:00.000Z",
    metadata: seed.metadata ?? {},
    ...(seed.cancellationReason !== undefined ? { cancellationReason: seed.cancellationReason } : {}),
    ...(seed.reschedulingReason !== undefined ? { reschedulingReason: seed.reschedulingReason } : {}),
    ...(seed.rescheduledFromUid !== undefined ? { rescheduledFromUid: seed.rescheduledFromUid } : {}),
    ...(seed.rescheduledToUid !== undefined ? { rescheduledToUid: seed.rescheduledToUid } : {}),
    attendees: [attendee],
    guests: [],
    bookingFieldsResponses: {
      name: seed.attendee.name,
      email,
      ...(seed.attendee.phoneNumber ? { attendeePhoneNumber: seed.attendee.phoneNumber } : {}),
      ...seed.bookingFieldsResponses,
    },
  };
}

/** What POST /v2/auth/oauth2/token answers (flat, RFC 6749 §5.1; `scope` as Cal.com's docs show it). */
export function tokensFixture(serial: number): JsonObject {
  return {
    access_token: `eyJhbGciOiJIUzI1NiJ9.access-${serial}.sig`,
    refresh_token: `eyJhbGciOiJIUzI1NiJ9.refresh-${serial}.sig`,
    token_type: "bearer",
    expires_in: 1800,
    scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE SCHEDULE_READ PROFILE_READ",
  };
}
