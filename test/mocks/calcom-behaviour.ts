import { randomUUID } from "node:crypto";
import { z } from "zod";
import { answers, calcomError, type CalcomAnswer } from "./calcom-answers.js";
import { bookingFixture, CLEANING, eventTypeFixture, HOST, meFixture, PHONE_CONSULT, tokensFixture, type BookingSeed, type EventTypeSeed } from "./calcom-fixtures.js";
import { fakeSlots, isSlotStart, type SlotRules } from "./fake-slots.js";
import type { Json } from "./openapi-schema-dialect.js";

/** What the fake Cal.com account holds during one test. */
export interface CalcomState {
  eventTypes: EventTypeSeed[];
  bookings: Map<string, BookingSeed>;
  openHour: number;
  closeHour: number;
  /** Refresh tokens that still work: each dies when used (rotation). */
  liveRefreshTokens: Set<string>;
  usedCodes: Set<string>;
  tokenSerial: number;
  nextBookingId: number;
}

export function initialCalcomState(): CalcomState {
  return {
    eventTypes: [CLEANING, PHONE_CONSULT],
    bookings: new Map(),
    openHour: 9,
    closeHour: 17,
    liveRefreshTokens: new Set(),
    usedCodes: new Set(),
    tokenSerial: 0,
    nextBookingId: 5000,
  };
}

export interface FakeRequest {
  url: URL;
  body: Json | undefined;
}

type Behaviour = (state: CalcomState, request: FakeRequest) => CalcomAnswer;

const NewBookingBody = z.object({
  start: z.string(),
  eventTypeId: z.number(),
  attendee: z.object({ name: z.string(), email: z.string().optional(), phoneNumber: z.string().optional(), timeZone: z.string(), language: z.string().optional() }),
  metadata: z.record(z.string(), z.string()).optional(),
  bookingFieldsResponses: z.record(z.string(), z.json()).optional(),
});
const TokenBody = z.discriminatedUnion("grant_type", [
  z.object({ grant_type: z.literal("authorization_code"), code: z.string() }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string() }),
]);

const success = (status: number, data: Json): CalcomAnswer => ({ status, body: { status: "success", data } });

/** How the fake behaves when a test does not override an operation: a working Cal.com. */
export const defaultBehaviour: Record<string, Behaviour> = {
  "GET /v2/me": () => success(200, meFixture()),
  "GET /v2/event-types": (state) => success(200, state.eventTypes.map(eventTypeFixture)),
  "GET /v2/event-types/{eventTypeId}": (state, { url }) => {
    const id = Number(url.pathname.split("/").pop());
    const eventType = state.eventTypes.find((e) => e.id === id);
    return eventType ? success(200, eventTypeFixture(eventType)) : answers.notFound(`Event type with id=${id} not found`);
  },
  "GET /v2/slots": (state, { url }) => {
    const eventType = state.eventTypes.find((e) => e.id === Number(url.searchParams.get("eventTypeId")));
    if (!eventType) return answers.notFound("Event type not found");
    const window = {
      start: new Date(url.searchParams.get("start") ?? ""),
      end: new Date(url.searchParams.get("end") ?? ""),
      timeZone: url.searchParams.get("timeZone") ?? "UTC",
    };
    return success(200, fakeSlots(rulesFor(state, eventType, url.searchParams.get("bookingUidToReschedule")), window));
  },
  "POST /v2/bookings": (state, { body }) => {
    const input = NewBookingBody.parse(body);
    const eventType = state.eventTypes.find((e) => e.id === input.eventTypeId);
    if (!eventType) return answers.notFound(`Event type with id=${input.eventTypeId} not found`);
    const start = new Date(input.start);
    if (!isSlotStart(rulesFor(state, eventType), start) || rulesFor(state, eventType).taken.has(start.getTime())) return answers.slotTaken();
    const emailField = eventType.booking === "email";
    if (emailField && !input.attendee.email) return calcomError(400, "invalid_type in 'responses,email': Required");
    const seed = addBooking(state, {
      eventType,
      start,
      // A hidden email field ignores a passed email (reference/calcom.md §4.2).
      attendee: { ...input.attendee, email: emailField ? input.attendee.email : undefined },
      metadata: input.metadata,
      bookingFieldsResponses: input.bookingFieldsResponses,
    });
    return success(201, bookingFixture(seed));
  },
  "GET /v2/bookings": (state) => {
    const now = Date.now();
    const upcoming = [...state.bookings.values()]
      .filter((b) => (b.status ?? "accepted") !== "cancelled" && b.status !== "rejected" && b.start.getTime() + b.eventType.lengthInMinutes * 60_000 > now)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    return {
      status: 200,
      body: {
        status: "success",
        data: upcoming.map(bookingFixture),
        pagination: {
          totalItems: upcoming.length,
          remainingItems: 0,
          returnedItems: upcoming.length,
          itemsPerPage: 100,
          currentPage: 1,
          totalPages: 1,
          hasNextPage: false,
          hasPreviousPage: false,
        },
      },
    };
  },
  "POST /v2/bookings/{bookingUid}/cancel": (state, { url, body }) => {
    const booking = state.bookings.get(uidOf(url));
    if (!booking) return answers.notFound(`Booking with uid=${uidOf(url)} was not found in the database`);
    const reason = z.object({ cancellationReason: z.string().optional() }).parse(body ?? {}).cancellationReason;
    booking.status = "cancelled";
    if (reason !== undefined) booking.cancellationReason = reason;
    return success(200, bookingFixture(booking));
  },
  "POST /v2/bookings/{bookingUid}/reschedule": (state, { url, body }) => {
    const old = state.bookings.get(uidOf(url));
    if (!old) return answers.notFound(`Booking with uid=${uidOf(url)} was not found in the database`);
    const input = z.object({ start: z.string(), reschedulingReason: z.string().optional() }).parse(body);
    const start = new Date(input.start);
    const rules = rulesFor(state, old.eventType, old.uid);
    if (!isSlotStart(rules, start) || rules.taken.has(start.getTime())) return answers.slotTaken();
    const seed = addBooking(state, { ...old, start, rescheduledFromUid: old.uid, reschedulingReason: input.reschedulingReason, status: "accepted" });
    old.status = "cancelled";
    old.rescheduledToUid = seed.uid;
    return success(201, bookingFixture(seed));
  },
  "POST /v2/auth/oauth2/token": (state, { body }) => {
    const input = TokenBody.parse(body);
    if (input.grant_type === "authorization_code") {
      if (state.usedCodes.has(input.code)) return answers.invalidGrant("code_invalid_or_expired");
      state.usedCodes.add(input.code);
    } else if (!state.liveRefreshTokens.delete(input.refresh_token)) {
      return answers.invalidGrant("invalid_refresh_token");
    }
    return { status: 200, body: issueTokens(state) };
  },
};

/** New tokens, as Cal.com issues them; the refresh token is live until used. */
export function issueTokens(state: CalcomState) {
  const tokens = tokensFixture(++state.tokenSerial);
  if (typeof tokens.refresh_token === "string") state.liveRefreshTokens.add(tokens.refresh_token);
  return tokens;
}

function addBooking(state: CalcomState, seed: Omit<BookingSeed, "id" | "uid">): BookingSeed {
  const id = state.nextBookingId++;
  // Cal.com's uids are unique across all its bookings; ours too, so tests in one database never collide.
  const booking: BookingSeed = { ...seed, id, uid: `bk${id}u${HOST.id}x${randomUUID().slice(0, 8)}` };
  state.bookings.set(booking.uid, booking);
  return booking;
}

function rulesFor(state: CalcomState, eventType: EventTypeSeed, ignoreUid?: string | null): SlotRules {
  const taken = new Set(
    [...state.bookings.values()].filter((b) => b.status !== "cancelled" && b.uid !== ignoreUid).map((b) => b.start.getTime()),
  );
  return { hostTimeZone: HOST.timeZone, openHour: state.openHour, closeHour: state.closeHour, lengthInMinutes: eventType.lengthInMinutes, taken };
}

function uidOf(url: URL): string {
  return decodeURIComponent(url.pathname.split("/")[3] ?? "");
}
