// Real Cal.com v2 answers, recorded by others from the live API (integration-test recordings,
// pasted terminal output) and from Cal.com's docs, each with its source in
// test/fixtures/calcom-recorded/SOURCES.md, served by msw exactly as recorded and run through the
// client's parsing and error mapping. The spec says one thing, Cal.com sends another: what we use
// must parse from every one of them, and an answer we cannot use must be an error of the right
// kind, never a result that misleads.
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { BookingResponseSchema, type CalcomBookingMade } from "../lib/calcom/booking-schema.js";
import { CalcomError } from "../lib/calcom/calcom-error.js";
import { createCalcomTransport } from "../lib/calcom/calcom-transport.js";
import { createCalcomClient } from "../lib/calcom/create-calcom-client.js";
import { exchangeAuthorizationCode } from "../lib/calcom/exchange-authorization-code.js";
import { refreshCalcomTokens } from "../lib/calcom/refresh-calcom-tokens.js";
import { env } from "../lib/env.js";
import { server } from "./support/msw-server.js";
import { loadRecordedFixtures } from "./support/recorded-fixtures.js";

interface Recorded {
  endpoint: string;
  status: number;
  apiVersion?: string;
  query?: Record<string, unknown>;
  body: { data?: unknown } & Record<string, unknown>;
}

const fixtures = loadRecordedFixtures<Recorded>("calcom-recorded");
const SLOT_MINUTES = 25;

type Raw = Record<string, unknown>;
const rawList = (body: Recorded["body"]): Raw[] => (Array.isArray(body.data) ? (body.data as Raw[]) : [body.data as Raw]);

/** Calls the client method for a recorded endpoint; Cal.com answers with the recording. */
async function replay(fixture: Recorded): Promise<unknown> {
  const base = env().CALCOM_API_URL.replace(/\/$/, "");
  const [method = "", template = ""] = fixture.endpoint.split(" ");
  const route = `${base}${template.replace(/\{(\w+)\}/g, ":$1")}`;
  const answer = () => HttpResponse.json(fixture.body, { status: fixture.status });
  server.use(method === "GET" ? http.get(route, answer) : http.post(route, answer));
  const client = createCalcomClient({ token: "cal_live_recorded" }, { timeoutMs: 2_000 });
  const uid = "recorded-uid";
  switch (fixture.endpoint) {
    case "GET /v2/me":
      return client.getMe();
    case "GET /v2/event-types":
      return client.listEventTypes();
    case "GET /v2/event-types/{id}":
      return client.getEventType(4242);
    case "GET /v2/slots":
      return client.getSlots({ eventTypeId: 4242, start: new Date("2026-09-09T00:00:00Z"), end: new Date("2026-09-11T00:00:00Z"), timeZone: "UTC", slotMinutes: SLOT_MINUTES });
    case "POST /v2/bookings":
      return client.createBooking({ eventTypeId: 4242, start: new Date("2026-09-09T16:00:00Z"), attendee: { name: "Recorded Caller", email: "caller@example.com", timeZone: "UTC" } });
    case "GET /v2/bookings":
      return client.listUpcomingBookings();
    case "GET /v2/bookings/{uid}":
      // No client method reads one booking; the answer has the shape cancel and reschedule answer.
      return createCalcomTransport({ bearer: "cal_live_recorded", rateLimitKey: "recorded", secrets: [] }).send({ method: "GET", path: `/v2/bookings/${uid}`, schema: BookingResponseSchema });
    case "POST /v2/bookings/{uid}/cancel":
      return client.cancelBooking(uid, { reason: "recorded" });
    case "POST /v2/bookings/{uid}/reschedule":
      return client.rescheduleBooking(uid, new Date("2026-09-10T16:00:00Z"));
    case "POST /v2/auth/oauth2/token":
      return /refresh/.test(JSON.stringify(fixture.body)) ? refreshCalcomTokens({ refreshToken: "recorded-refresh" }) : exchangeAuthorizationCode({ code: "recorded-code" });
    default:
      throw new Error(`no replay for ${fixture.endpoint}`);
  }
}

/** What the client must make of each success, checked against the recording's own values. */
const PARSED: Record<string, (result: unknown, body: Recorded["body"]) => void> = {
  "GET /v2/me": (me, body) => {
    const raw = body.data as Raw;
    expect(me).toEqual({ id: raw.id, username: raw.username ?? null, email: raw.email ?? null, name: raw.name ?? null, timeZone: raw.timeZone ?? null });
  },
  "GET /v2/event-types": (eventTypes, body) => {
    expect(eventTypes).toEqual(rawList(body).map(expectedEventType));
  },
  "GET /v2/event-types/{id}": (eventType, body) => {
    expect(eventType).toEqual(expectedEventType(body.data as Raw));
  },
  "GET /v2/slots": (slots, body) => {
    const listed = Object.values(body.data as Record<string, { start: string; end?: string }[]>).flat();
    const expected = listed
      .map((s) => ({ start: new Date(s.start), end: new Date(s.end ?? Date.parse(s.start) + SLOT_MINUTES * 60_000) }))
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    expect(listed.length).toBeGreaterThan(0);
    expect(slots).toEqual(expected);
  },
  "GET /v2/bookings": (bookings, body) => {
    const raw = rawList(body);
    expect((bookings as { uid: string }[]).map((b) => b.uid).sort()).toEqual(raw.map((b) => b.uid).sort());
  },
  "POST /v2/auth/oauth2/token": (tokens, body) => {
    expect(tokens).toMatchObject({ accessToken: body.access_token, refreshToken: body.refresh_token, scope: body.scope ?? null });
  },
};

/** Every recorded event type asks for the caller's email (required, visible) and not the phone
 *  (attendeePhoneNumber hidden or absent), in 2024's `type` fields and 2026's `field` ones alike. */
function expectedEventType(raw: Raw) {
  return { id: raw.id, slug: raw.slug, title: raw.title, lengthInMinutes: raw.lengthInMinutes, hidden: raw.hidden, emailRequired: true, phoneRequired: false, timeZone: null };
}

/** Bookings (create, one booking, cancel, reschedule): the earliest occurrence is the booking. */
function expectBooking(made: CalcomBookingMade, body: Recorded["body"]): void {
  const raw = rawList(body).sort((a, b) => Date.parse(String(a.start)) - Date.parse(String(b.start)));
  const first = raw[0] ?? {};
  expect(made).toMatchObject({ id: first.id, uid: first.uid, start: new Date(String(first.start)), status: String(first.status).toLowerCase() });
  expect(made.durationMinutes).toBe(first.duration);
  expect(made.occurrences.map((o) => o.uid)).toEqual(raw.map((b) => b.uid));
  expect(made.recurringBookingUid).toBe(first.recurringBookingUid ?? null);
}

/** The error kind each recorded failure must map to (by file: the status alone does not say). */
const FAILS: Record<string, CalcomError["kind"]> = {
  "006-event-types-404-wrong-version.json": "not_found",
  "009-event-type-404-not-found.json": "not_found",
  "010-event-type-404-route.json": "not_found",
  // The legacy /v2/slots/available answer (data.slots[date][{time}]): a shape we cannot use must
  // not read as "no free slots".
  "015-slots-legacy-available.json": "unavailable",
  "024-create-booking-400-validation.json": "bad_request",
  "025-create-booking-400-managed-parent.json": "bad_request",
  "042-oauth-token-400-code-docs.json": "invalid_grant",
  "043-oauth-token-401-client-docs.json": "unauthorized",
  "044-oauth-token-400-refresh-docs.json": "invalid_grant",
};

describe("recorded Cal.com answers", () => {
  it("are at least 20, at least 5 of them recorded from the live API, each with its source and date", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.filter((f) => f.source.kind === "live recording").length).toBeGreaterThanOrEqual(5);
    for (const { file, source } of fixtures) {
      expect(["live recording", "docs example"], file).toContain(source.kind);
      expect(source.source, file).not.toBe("");
      expect(source.date, file).not.toBe("");
      expect(source.endpoint?.replaceAll("`", ""), file).toBe(fixtures.find((f) => f.file === file)?.content.endpoint);
    }
  });

  it.each(fixtures.map((f) => [f.file, f.content] as const))("%s", async (file, fixture) => {
    const outcome = await replay(fixture).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const kind = FAILS[file];
    if (kind) {
      expect("error" in outcome && outcome.error, `${file} must fail as ${kind}`).toBeInstanceOf(CalcomError);
      expect((outcome as { error: CalcomError }).error.kind).toBe(kind);
      return;
    }
    if ("error" in outcome) throw outcome.error;
    const check = PARSED[fixture.endpoint];
    if (check) check(outcome.value, fixture.body);
    else expectBooking(outcome.value as CalcomBookingMade, fixture.body);
  });
});
