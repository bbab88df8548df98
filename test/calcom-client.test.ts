import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { calcomAuthorizeUrl } from "../lib/calcom/calcom-authorize-url.js";
import { CalcomError } from "../lib/calcom/calcom-error.js";
import { createCalcomClient, type CalcomClientOptions } from "../lib/calcom/create-calcom-client.js";
import { exchangeAuthorizationCode } from "../lib/calcom/exchange-authorization-code.js";
import { refreshCalcomTokens } from "../lib/calcom/refresh-calcom-tokens.js";
import { localDayWindow } from "../lib/scheduling/local-day.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { answers, calcomError } from "./mocks/calcom-answers.js";
import { bookingFixture, CLEANING, PHONE_CONSULT } from "./mocks/calcom-fixtures.js";
import { loadCalcomSpec } from "./mocks/calcom-spec.js";


const calcom = installCalcomFake();

/** A fresh token per test: 429s are remembered per token for the whole process. */
const newToken = () => `eyJhbGciOiJIUzI1NiJ9.${randomUUID()}.sig`;
const clientFor = (options: CalcomClientOptions = {}) => {
  const token = newToken();
  return { token, client: createCalcomClient({ token }, options) };
};

async function failureOf(promise: Promise<unknown>): Promise<CalcomError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CalcomError) return error;
    throw error;
  }
  throw new Error("expected a CalcomError");
}

const tuesday = { start: new Date("2030-07-16T04:00:00Z"), end: new Date("2030-07-17T04:00:00Z") }; // New York's local day
const attendee = { name: "Ada Lovelace", email: "ada@example.com", phoneNumber: "+14155550123", timeZone: "America/New_York" };

describe("Cal.com client: requests and parsed results", () => {
  it("reads the account with GET /v2/me, a Bearer token and no cal-api-version", async () => {
    const { token, client } = clientFor();
    // Only what we use: the account key, its name for operators, its zone.
    expect(await client.getMe()).toMatchObject({ id: 4242, username: "smile-dental", timeZone: "America/New_York" });
    const [request] = calcom.requestsTo("GET /v2/me");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${token}`);
    expect(request?.headers.get("cal-api-version")).toBeNull();
  });

  it("lists event types with version 2024-06-14 and tells which need an email", async () => {
    const { client } = clientFor();
    expect(await client.listEventTypes()).toEqual([
      { id: 101, slug: "cleaning", title: "Teeth cleaning", lengthInMinutes: 30, hidden: false, emailRequired: true, phoneRequired: false, timeZone: null },
      { id: 102, slug: "phone-consult", title: "Phone consultation", lengthInMinutes: 15, hidden: false, emailRequired: false, phoneRequired: true, timeZone: null },
    ]);
    expect(calcom.requestsTo("GET /v2/event-types")[0]?.headers.get("cal-api-version")).toBe("2024-06-14");
  });

  it("reads one event type by id", async () => {
    const { client } = clientFor();
    expect(await client.getEventType(102)).toMatchObject({ id: 102, slug: "phone-consult", emailRequired: false, phoneRequired: true });
    const [request] = calcom.requestsTo("GET /v2/event-types/{eventTypeId}");
    expect(request?.url.pathname).toBe("/v2/event-types/102");
    expect(request?.headers.get("cal-api-version")).toBe("2024-06-14");
  });

  it("asks for slots with UTC instants, format=range and version 2024-09-04, and returns sorted instants", async () => {
    const { token, client } = clientFor();
    const slots = await client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "America/New_York" });
    const [request] = calcom.requestsTo("GET /v2/slots");
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      eventTypeId: "101",
      start: "2030-07-16T04:00:00.000Z",
      end: "2030-07-17T04:00:00.000Z",
      timeZone: "America/New_York",
      format: "range",
    });
    expect(request?.headers.get("cal-api-version")).toBe("2024-09-04");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${token}`);
    expect(slots).toHaveLength(16); // 09:00–17:00 local, 30 minutes each
    expect(slots[0]).toEqual({ start: new Date("2030-07-16T13:00:00Z"), end: new Date("2030-07-16T13:30:00Z") });
    expect(slots.at(-1)).toEqual({ start: new Date("2030-07-16T20:30:00Z"), end: new Date("2030-07-16T21:00:00Z") });
  });

  it.each([
    ["spring-forward", "2030-03-10", "2030-03-10T05:00:00.000Z", "2030-03-11T04:00:00.000Z", "2030-03-10T13:00:00.000Z"],
    ["fall-back", "2030-11-03", "2030-11-03T04:00:00.000Z", "2030-11-04T05:00:00.000Z", "2030-11-03T14:00:00.000Z"],
  ])("sends a %s day in America/New_York as its real UTC window and reads the slots as instants", async (_name, date, start, end, firstSlot) => {
    const { client } = clientFor();
    const window = localDayWindow(date, "America/New_York");
    const slots = await client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...window, timeZone: "America/New_York" });
    const query = calcom.requestsTo("GET /v2/slots")[0]?.url.searchParams;
    expect([query?.get("start"), query?.get("end")]).toEqual([start, end]);
    expect(slots[0]?.start.toISOString()).toBe(firstSlot);
    expect(slots).toHaveLength(16);
  });

  it("flattens and sorts slots from all date keys without trusting the keys", async () => {
    calcom.answer("GET /v2/slots", {
      status: 200,
      body: {
        status: "success",
        data: {
          "2030-07-17": [{ start: "2030-07-17T09:00:00.000-04:00", end: "2030-07-17T09:30:00.000-04:00" }],
          "2030-07-16": [
            { start: "2030-07-16T21:30:00.000-04:00", end: "2030-07-16T22:00:00.000-04:00" },
            { start: "2030-07-16T09:00:00.000-04:00", end: "2030-07-16T09:30:00.000-04:00" },
          ],
          // A key in another zone's date: only the instants count.
          "2030-07-15": [{ start: "2030-07-16T01:00:00.000Z", end: "2030-07-16T01:30:00.000Z" }],
        },
      },
    });
    const { client } = clientFor();
    const slots = await client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, start: tuesday.start, end: new Date("2030-07-18T04:00:00Z"), timeZone: "America/New_York" });
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      "2030-07-16T01:00:00.000Z",
      "2030-07-16T13:00:00.000Z",
      "2030-07-17T01:30:00.000Z",
      "2030-07-17T13:00:00.000Z",
    ]);
  });

  it("sends bookingUidToReschedule so the booking's own slot stays offered", async () => {
    const { client } = clientFor();
    const booking = await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T14:00:00Z"), attendee });
    const slots = await client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "America/New_York", bookingUidToReschedule: booking.uid });
    expect(calcom.requestsTo("GET /v2/slots")[0]?.url.searchParams.get("bookingUidToReschedule")).toBe(booking.uid);
    expect(slots.map((s) => s.start.toISOString())).toContain("2030-07-16T14:00:00.000Z");
  });

  it("creates a booking with version 2024-08-13 and the start as a UTC instant", async () => {
    const { token, client } = clientFor();
    const booking = await client.createBooking({
      eventTypeId: CLEANING.id,
      start: new Date("2030-07-16T10:30:00-04:00"),
      attendee,
      bookingFieldsResponses: { notes: "Sensitive gums" },
      metadata: { callId: "call-123" },
    });
    const [request] = calcom.requestsTo("POST /v2/bookings");
    expect(request?.body).toEqual({
      start: "2030-07-16T14:30:00.000Z",
      eventTypeId: 101,
      attendee: { name: "Ada Lovelace", timeZone: "America/New_York", email: "ada@example.com", phoneNumber: "+14155550123" },
      bookingFieldsResponses: { notes: "Sensitive gums" },
      metadata: { callId: "call-123" },
    });
    expect(request?.headers.get("cal-api-version")).toBe("2024-08-13");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${token}`);
    expect(booking).toEqual({
      id: expect.any(Number),
      uid: expect.any(String),
      status: "accepted",
      start: new Date("2030-07-16T14:30:00Z"),
      durationMinutes: 30,
      metadata: { callId: "call-123" },
      attendees: [{ name: "Ada Lovelace", phoneNumber: "+14155550123" }],
      recurringBookingUid: null,
      occurrences: [expect.objectContaining({ uid: booking.uid })],
    });
  });

  it("books a caller without email on a phone-based event type", async () => {
    const { client } = clientFor();
    const booking = await client.createBooking({
      eventTypeId: PHONE_CONSULT.id,
      start: new Date("2030-07-16T13:15:00Z"),
      attendee: { name: "No Email", phoneNumber: "+14155550199", timeZone: "America/New_York" },
    });
    expect(calcom.requestsTo("POST /v2/bookings")[0]?.body).toEqual({
      start: "2030-07-16T13:15:00.000Z",
      eventTypeId: 102,
      attendee: { name: "No Email", timeZone: "America/New_York", phoneNumber: "+14155550199" },
    });
    expect(booking.attendees[0]).toEqual({ name: "No Email", phoneNumber: "+14155550199" });
  });

  it("cancels a booking with a reason, and without one sends an empty body", async () => {
    const { client } = clientFor();
    const first = await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee });
    const second = await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:30:00Z"), attendee });
    expect(await client.cancelBooking(first.uid, { reason: "Caller is sick" })).toMatchObject({ uid: first.uid, status: "cancelled" });
    expect(await client.cancelBooking(second.uid)).toMatchObject({ uid: second.uid, status: "cancelled" });
    const [withReason, without] = calcom.requestsTo("POST /v2/bookings/{bookingUid}/cancel");
    expect(withReason?.url.pathname).toBe(`/v2/bookings/${first.uid}/cancel`);
    expect(withReason?.body).toEqual({ cancellationReason: "Caller is sick" });
    expect(without?.body).toEqual({});
    expect(without?.headers.get("cal-api-version")).toBe("2024-08-13");
  });

  it("reschedules a booking and returns the new booking with its new uid", async () => {
    const { client } = clientFor();
    const original = await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee });
    const moved = await client.rescheduleBooking(original.uid, new Date("2030-07-16T11:00:00-04:00"), "Running late");
    expect(calcom.requestsTo("POST /v2/bookings/{bookingUid}/reschedule")[0]?.body).toEqual({ start: "2030-07-16T15:00:00.000Z", reschedulingReason: "Running late" });
    expect(moved.uid).not.toBe(original.uid);
    expect(moved).toMatchObject({ start: new Date("2030-07-16T15:00:00Z"), status: "accepted" });
  });

  it("lists upcoming bookings earliest first and drops any before afterStart even if Cal.com returns them", async () => {
    const before = bookingFixture({ id: 1, uid: "early", eventType: CLEANING, start: new Date("2030-07-15T13:00:00Z"), attendee });
    const later = bookingFixture({ id: 3, uid: "later", eventType: CLEANING, start: new Date("2030-07-18T13:00:00Z"), attendee });
    const soon = bookingFixture({ id: 2, uid: "soon", eventType: CLEANING, start: new Date("2030-07-16T13:00:00Z"), attendee });
    calcom.answer("GET /v2/bookings", {
      status: 200,
      body: {
        status: "success",
        data: [later, before, soon],
        pagination: { totalItems: 3, remainingItems: 0, returnedItems: 3, itemsPerPage: 10, currentPage: 1, totalPages: 1, hasNextPage: false, hasPreviousPage: false },
      },
    });
    const { client } = clientFor();
    const bookings = await client.listUpcomingBookings({ afterStart: new Date("2030-07-16T00:00:00Z"), take: 10 });
    expect(bookings.map((b) => b.uid)).toEqual(["soon", "later"]);
    const [request] = calcom.requestsTo("GET /v2/bookings");
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({ status: "upcoming", afterStart: "2030-07-16T00:00:00.000Z", take: "10", sortStart: "asc" });
    expect(request?.headers.get("cal-api-version")).toBe("2024-08-13");
  });
});

describe("Cal.com client: failures", () => {
  it("reports a taken slot (Cal.com's 400) as slot_unavailable, without retrying the write", async () => {
    const { client } = clientFor();
    const slot = { eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee };
    await client.createBooking(slot);
    const error = await failureOf(client.createBooking(slot));
    expect(error).toMatchObject({ kind: "slot_unavailable", status: 400, outcomeUnknown: false });
    expect(error.message).toContain("already has booking at this time");
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(2);
  });

  it("reports a 409 conflict as slot_unavailable", async () => {
    calcom.answer("POST /v2/bookings", answers.slotConflict());
    const { client } = clientFor();
    const error = await failureOf(client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee }));
    expect(error).toMatchObject({ kind: "slot_unavailable", status: 409 });
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
  });

  it("reports a taken slot on reschedule as slot_unavailable", async () => {
    const { client } = clientFor();
    const first = await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee });
    await client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:30:00Z"), attendee });
    expect(await failureOf(client.rescheduleBooking(first.uid, new Date("2030-07-16T13:30:00Z")))).toMatchObject({ kind: "slot_unavailable" });
  });

  it("reports any other 400 as bad_request with Cal.com's message", async () => {
    calcom.answer("POST /v2/bookings", calcomError(400, "invalid_type in 'responses,email': Required"));
    const { client } = clientFor();
    const error = await failureOf(client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee: { name: "X", timeZone: "UTC" } }));
    expect(error.kind).toBe("bad_request");
    expect(error.message).toContain("responses,email");
  });

  it("reports 401 as unauthorized without putting the token in the error", async () => {
    calcom.answer("GET /v2/me", answers.unauthorized());
    const { token, client } = clientFor();
    const error = await failureOf(client.getMe());
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(inspect(error, { depth: 20 })).not.toContain(token);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(token);
  });

  it("reports 403 as unauthorized", async () => {
    calcom.answer("GET /v2/event-types", calcomError(403, "Insufficient scope"));
    expect(await failureOf(clientFor().client.listEventTypes())).toMatchObject({ kind: "unauthorized", status: 403 });
  });

  it.each([
    ["an unknown event type", (client: ReturnType<typeof clientFor>["client"]) => client.getEventType(999)],
    ["an unknown booking", (client: ReturnType<typeof clientFor>["client"]) => client.cancelBooking("no-such-booking")],
  ])("reports 404 for %s as not_found", async (_what, call) => {
    expect(await failureOf(call(clientFor().client))).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("honours a 429: rate_limited with Retry-After, and the next call within it sends nothing", async () => {
    calcom.answer("GET /v2/slots", answers.rateLimited({ "Retry-After": "30" }));
    const { client } = clientFor();
    const query = { eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "America/New_York" };
    expect(await failureOf(client.getSlots(query))).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSeconds: 30 });
    const second = await failureOf(client.getSlots(query));
    expect(second.kind).toBe("rate_limited");
    expect(second.retryAfterSeconds).toBeGreaterThan(28);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(calcom.requests).toHaveLength(1);
  });

  it("blocks every client of the same token after a 429 but not other tokens", async () => {
    calcom.answer("GET /v2/me", answers.rateLimited({ "X-RateLimit-Limit-Default": "120", "X-RateLimit-Remaining-Default": "0", "X-RateLimit-Reset-Default": "45" }));
    const { token, client } = clientFor();
    expect(await failureOf(client.getMe())).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 45 });
    const sameToken = createCalcomClient({ token });
    expect(await failureOf(sameToken.listEventTypes())).toMatchObject({ kind: "rate_limited" });
    expect(calcom.requests).toHaveLength(1);
    await clientFor().client.listEventTypes();
    expect(calcom.requests).toHaveLength(2);
  });

  it("retries a GET once after a 500 and then reports unavailable", async () => {
    calcom.answer("GET /v2/slots", answers.serverError());
    const error = await failureOf(clientFor().client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "UTC" }));
    expect(error).toMatchObject({ kind: "unavailable", status: 500, outcomeUnknown: false });
    expect(calcom.requestsTo("GET /v2/slots")).toHaveLength(2);
  });

  it("succeeds when the one retry of a GET after a 500 works", async () => {
    let calls = 0;
    calcom.answer("GET /v2/event-types", () => (++calls === 1 ? answers.serverError() : { status: 200, body: { status: "success", data: [] } }));
    expect(await clientFor().client.listEventTypes()).toEqual([]);
    expect(calls).toBe(2);
  });

  it("retries a GET once after a network error", async () => {
    calcom.answer("GET /v2/me", answers.networkError());
    const { token, client } = clientFor();
    const error = await failureOf(client.getMe());
    expect(error).toMatchObject({ kind: "unavailable" });
    expect(inspect(error, { depth: 20 })).not.toContain(token);
    expect(calcom.requests).toHaveLength(2);
  });

  it("does not retry a GET when the deadline leaves no room", async () => {
    calcom.answer("GET /v2/me", answers.serverError());
    const { client } = clientFor({ deadline: new Date(Date.now() + 800) });
    expect(await failureOf(client.getMe())).toMatchObject({ kind: "unavailable" });
    expect(calcom.requests).toHaveLength(1);
  });

  it("sends nothing once the deadline has passed", async () => {
    const { client } = clientFor({ deadline: new Date(Date.now() - 1) });
    expect(await failureOf(client.getMe())).toMatchObject({ kind: "unavailable" });
    expect(calcom.requests).toHaveLength(0);
  });

  it.each([
    ["a 500", answers.serverError()],
    ["a network error", answers.networkError()],
  ])("never retries a POST after %s, and says the outcome is unknown", async (_what, answer) => {
    calcom.answer("POST /v2/bookings", answer);
    const error = await failureOf(clientFor().client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee }));
    expect(error).toMatchObject({ kind: "unavailable", outcomeUnknown: true });
    expect(calcom.requests).toHaveLength(1);
  });

  it("gives up on a slow GET at its timeout, without a retry", async () => {
    calcom.answer("GET /v2/slots", answers.slow(5_000, { status: 200, body: { status: "success", data: {} } }));
    const { client } = clientFor({ timeoutMs: 300 });
    const started = Date.now();
    const error = await failureOf(client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "UTC" }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("within 300 ms");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(calcom.requests).toHaveLength(1);
  });

  it("gives up on an answer that keeps trickling in past the timeout", async () => {
    calcom.answer("GET /v2/event-types", answers.trickle(150, { status: 200, body: { status: "success", data: [] } }));
    const { client } = clientFor({ timeoutMs: 400 });
    const started = Date.now();
    expect(await failureOf(client.listEventTypes())).toMatchObject({ kind: "unavailable" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calcom.requests).toHaveLength(1);
  });

  it("gives up on a slow booking at its timeout and says the outcome is unknown", async () => {
    calcom.answer("POST /v2/bookings", answers.slow(5_000, answers.slotConflict()));
    const { client } = clientFor({ timeoutMs: 300 });
    const error = await failureOf(client.createBooking({ eventTypeId: CLEANING.id, start: new Date("2030-07-16T13:00:00Z"), attendee }));
    expect(error).toMatchObject({ kind: "unavailable", outcomeUnknown: true });
  });

  it("stops a slow call at the deadline when it comes before the timeout", async () => {
    calcom.answer("GET /v2/me", answers.slow(5_000, answers.serverError()));
    const started = Date.now();
    const { client } = clientFor({ timeoutMs: 8_000, deadline: new Date(Date.now() + 300) });
    expect(await failureOf(client.getMe())).toMatchObject({ kind: "unavailable" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("reports malformed JSON as unavailable", async () => {
    calcom.answer("GET /v2/me", answers.malformedJson());
    const error = await failureOf(clientFor().client.getMe());
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("not JSON");
  });

  it("reads slots listed without an end (Cal.com's default format, when format=range is ignored) as lasting the event type's length", async () => {
    calcom.answer("GET /v2/slots", {
      status: 200,
      rawBody: JSON.stringify({ status: "success", data: { "2030-07-16": [{ start: "2030-07-16T09:00:00-04:00" }] } }),
      offSpec: "format=range ignored: slots without end",
    });
    const slots = await clientFor().client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: 45, ...tuesday, timeZone: "UTC" });
    expect(slots).toEqual([{ start: new Date("2030-07-16T13:00:00Z"), end: new Date("2030-07-16T13:45:00Z") }]);
  });

  it("reports an answer that is not a shape we can read as unavailable, never as no free slots", async () => {
    calcom.answer("GET /v2/slots", {
      status: 200,
      rawBody: JSON.stringify({ status: "success", data: { slots: { "2030-07-16": [{ time: "2030-07-16T09:00:00-04:00" }] } } }),
      offSpec: "the legacy /v2/slots/available shape",
    });
    const error = await failureOf(clientFor().client.getSlots({ eventTypeId: CLEANING.id, slotMinutes: CLEANING.lengthInMinutes, ...tuesday, timeZone: "UTC" }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("slots: Invalid input: expected array");
  });
});

describe("Cal.com OAuth", () => {
  const publicClient = { clientId: "public-client-id", redirectUri: "https://receptionist.example/api/calcom/oauth", clientSecret: undefined };

  it("builds the authorize URL on the app host with the client, redirect, state, scopes and PKCE challenge", () => {
    const url = new URL(calcomAuthorizeUrl({ state: "signed.state", codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://app.cal.com/auth/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "test-calcom-client-id",
      redirect_uri: "https://receptionist.example/api/calcom/oauth",
      state: "signed.state",
      scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE SCHEDULE_READ PROFILE_READ",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
    expect(url.search).toContain("scope=EVENT_TYPE_READ%20BOOKING_READ%20BOOKING_WRITE%20SCHEDULE_READ%20PROFILE_READ");
  });

  it("leaves PKCE out of the authorize URL when no challenge is given", () => {
    const url = new URL(calcomAuthorizeUrl({ state: "s" }));
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(url.searchParams.has("code_challenge_method")).toBe(false);
  });

  it("exchanges a code as a confidential client: secret, no verifier, no Bearer", async () => {
    const before = Date.now();
    const tokens = await exchangeAuthorizationCode({ code: "code-1", codeVerifier: "v".repeat(43) });
    const [request] = calcom.requestsTo("POST /v2/auth/oauth2/token");
    expect(request?.body).toEqual({
      client_id: "test-calcom-client-id",
      client_secret: "test-calcom-client-secret-0123456789",
      grant_type: "authorization_code",
      code: "code-1",
      redirect_uri: "https://receptionist.example/api/calcom/oauth",
    });
    expect(request?.headers.get("authorization")).toBeNull();
    expect(request?.headers.get("cal-api-version")).toBeNull();
    expect(tokens).toEqual({
      accessToken: "eyJhbGciOiJIUzI1NiJ9.access-1.sig",
      refreshToken: "eyJhbGciOiJIUzI1NiJ9.refresh-1.sig",
      expiresAt: expect.any(Date),
      scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE SCHEDULE_READ PROFILE_READ",
    });
    expect(tokens.expiresAt.getTime() - before).toBeGreaterThanOrEqual(1_800_000);
    expect(tokens.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(1_800_000);
  });

  it("exchanges a code as a public client: verifier, no secret", async () => {
    await exchangeAuthorizationCode({ code: "code-2", codeVerifier: "v".repeat(43) }, { client: publicClient });
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")[0]?.body).toEqual({
      client_id: "public-client-id",
      grant_type: "authorization_code",
      code: "code-2",
      redirect_uri: "https://receptionist.example/api/calcom/oauth",
      code_verifier: "v".repeat(43),
    });
  });

  it("refuses to exchange as a public client without a verifier, before calling Cal.com", () => {
    expect(() => exchangeAuthorizationCode({ code: "code-3" }, { client: publicClient })).toThrow(/PKCE code verifier/);
    expect(calcom.requests).toHaveLength(0);
  });

  it("refreshes tokens and gets a new refresh token; the old one then fails with invalid_grant", async () => {
    const { refreshToken } = calcom.issueTokens();
    const tokens = await refreshCalcomTokens({ refreshToken });
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")[0]?.body).toEqual({
      client_id: "test-calcom-client-id",
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_secret: "test-calcom-client-secret-0123456789",
    });
    expect(tokens.refreshToken).not.toBe(refreshToken);
    const error = await failureOf(refreshCalcomTokens({ refreshToken }));
    expect(error).toMatchObject({ kind: "invalid_grant", status: 400 });
    expect(error.message).toContain("reconnect");
    expect(error.message).not.toContain(refreshToken);
  });

  it("refreshes as a public client with the refresh token alone", async () => {
    const { refreshToken } = calcom.issueTokens();
    await refreshCalcomTokens({ refreshToken }, { client: publicClient });
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")[0]?.body).toEqual({ client_id: "public-client-id", grant_type: "refresh_token", refresh_token: refreshToken });
  });

  it("reports a used or expired code as invalid_grant, without the code in the message", async () => {
    await exchangeAuthorizationCode({ code: "single-use-code" });
    const error = await failureOf(exchangeAuthorizationCode({ code: "single-use-code" }));
    expect(error.kind).toBe("invalid_grant");
    expect(error.message).not.toContain("single-use-code");
  });

  it("reports a refused client as unauthorized", async () => {
    calcom.answer("POST /v2/auth/oauth2/token", { status: 401, body: { error: "invalid_client", error_description: "invalid_client_credentials" } });
    expect(await failureOf(exchangeAuthorizationCode({ code: "c" }))).toMatchObject({ kind: "unauthorized", status: 401 });
  });

  it("reads tokens from an older Cal.com that wraps them in {status, data}", async () => {
    calcom.answer("POST /v2/auth/oauth2/token", {
      status: 200,
      rawBody: JSON.stringify({ status: "success", data: { access_token: "a-tok", refresh_token: "r-tok", token_type: "bearer", expires_in: 1800 } }),
      offSpec: "older token controller revision (reference/calcom.md §1.2)",
    });
    expect(await exchangeAuthorizationCode({ code: "c" })).toMatchObject({ accessToken: "a-tok", refreshToken: "r-tok", scope: null });
  });

  it("never retries the token request after a 500", async () => {
    calcom.answer("POST /v2/auth/oauth2/token", answers.serverError());
    expect(await failureOf(refreshCalcomTokens({ refreshToken: "r" }))).toMatchObject({ kind: "unavailable" });
    expect(calcom.requests).toHaveLength(1);
  });
});

describe("the Cal.com fake's spec check", () => {
  const spec = loadCalcomSpec();
  const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    spec.checkRequest({ method, url: new URL(`https://api.cal.com${path}`), headers: new Headers(headers), bodyText: body === undefined ? "" : JSON.stringify(body) });
  const json = { "content-type": "application/json" };
  const auth = { authorization: "Bearer t" };
  const validBooking = { start: "2030-07-16T13:00:00.000Z", eventTypeId: 101, attendee: { name: "A", timeZone: "UTC" } };

  it("accepts what our client sends", () => {
    expect(request("POST", "/v2/bookings", { ...json, ...auth, "cal-api-version": "2024-08-13" }, validBooking)).toEqual([]);
  });

  it.each([
    ["a wrong cal-api-version", "POST", "/v2/bookings", { ...json, ...auth, "cal-api-version": "2024-04-15" }, validBooking],
    ["a missing cal-api-version", "POST", "/v2/bookings", { ...json, ...auth }, validBooking],
    ["a version header where none is taken", "GET", "/v2/me", { ...auth, "cal-api-version": "2024-08-13" }, undefined],
    ["a missing Bearer token", "GET", "/v2/me", {}, undefined],
    ["an unknown body field", "POST", "/v2/bookings", { ...json, ...auth, "cal-api-version": "2024-08-13" }, { ...validBooking, allowConflicts: true }],
    ["an unknown query parameter", "GET", "/v2/slots?eventTypeId=1&start=a&end=b&limit=3", { "cal-api-version": "2024-09-04" }, undefined],
    ["a non-numeric eventTypeId", "GET", "/v2/slots?eventTypeId=abc&start=a&end=b", { "cal-api-version": "2024-09-04" }, undefined],
    ["both client_secret and code_verifier", "POST", "/v2/auth/oauth2/token", json, { client_id: "c", client_secret: "s", code_verifier: "v", grant_type: "authorization_code", code: "x", redirect_uri: "https://x" }],
    ["an unknown path", "GET", "/v2/slots/available", { "cal-api-version": "2024-09-04" }, undefined],
  ])("refuses a request with %s", (_what, method, path, headers, body) => {
    expect(request(method, path, headers, body)).not.toEqual([]);
  });

  it("refuses canned answers that break the spec", () => {
    expect(spec.checkResponse("GET /v2/me", 200, { status: "success", data: { id: 1 } })).not.toEqual([]);
    expect(spec.checkResponse("POST /v2/bookings", 200, { status: "success", data: {} })).not.toEqual([]); // the spec answers 201
    expect(spec.checkResponse("GET /v2/slots", 200, { status: "success", data: { "2030-07-16": "09:00" } })).not.toEqual([]);
    expect(spec.checkResponse("GET /v2/me", 500, { message: "boom" })).not.toEqual([]);
    expect(spec.checkResponse("POST /v2/auth/oauth2/token", 200, { access_token: "a" })).not.toEqual([]);
  });
});
