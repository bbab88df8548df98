import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as availability } from "../api/calcom/availability.js";
import { POST as book } from "../api/calcom/book.js";
import { bookAppointment } from "../lib/calendar/book-appointment.js";
import { saveCalcomConnection } from "../lib/connections/save-calcom-connection.js";
import { getDatabase } from "../lib/db/get-database.js";
import { answers } from "./mocks/calcom-answers.js";
import { defaultBehaviour } from "./mocks/calcom-behaviour.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { operatorRequest } from "./support/operator-request.js";
import { loadRecordedFixtures } from "./support/recorded-fixtures.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

const EVENT_TYPES = [
  { id: 101, slug: "cleaning", title: "Teeth cleaning", lengthInMinutes: 30, requiresEmail: true, timeZone: "America/New_York" },
  { id: 102, slug: "phone-consult", title: "Phone consultation", lengthInMinutes: 15, requiresEmail: false, timeZone: "America/New_York" },
];

/** A business connected to the fake Cal.com account with OAuth tokens the fake issued. */
async function connectedBusiness(options: { expiresInMinutes?: number; defaultEventTypeId?: number } = {}) {
  const { id } = await insertBusiness(sql, { timezone: "America/New_York" });
  // The refresh token is one the fake will honour; the access token is unique to this business, as
  // in production (Cal.com's 429 gate is per token, and must not carry over between tests).
  const tokens = { accessToken: `eyJ.access-${randomUUID()}.sig`, refreshToken: calcom.issueTokens().refreshToken };
  await saveCalcomConnection(await getDatabase(), {
    businessId: id,
    authType: "oauth",
    ...tokens,
    expiresAt: new Date(Date.now() + (options.expiresInMinutes ?? 30) * 60_000),
    account: { id: 4242, username: "smile-dental" },
    scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE SCHEDULE_READ PROFILE_READ",
    eventTypes: EVENT_TYPES,
    defaultEventTypeId: options.defaultEventTypeId ?? 101,
  });
  return { id, ...tokens };
}

const checkAvailability = async (businessId: string, date: string, extra = "") => {
  const response = await availability(operatorRequest(`/api/calcom/availability?businessId=${businessId}&date=${date}${extra}`));
  return { status: response.status, headers: response.headers, body: (await response.json()) as { slots: { start: string; label: string }[]; error: { message: string } } };
};
const bookSlot = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const response = await book(operatorRequest("/api/calcom/book", { body, headers }));
  return { status: response.status, body: (await response.json()) as { booking: { start: string; label: string }; error: { message: string; alternatives: { label: string }[] } } };
};
const calcomCalls = () => calcom.requests.length;

describe("availability from a connected Cal.com calendar", () => {
  it("asks Cal.com once, for the business's local day as UTC instants, and speaks the slots in its zone", async () => {
    const { id } = await connectedBusiness();
    const { status, body } = await checkAvailability(id, "2030-07-15");
    expect(status).toBe(200);
    expect(calcomCalls()).toBe(1);
    const [slots] = calcom.requestsTo("GET /v2/slots");
    expect(Object.fromEntries(slots?.url.searchParams ?? [])).toMatchObject({
      eventTypeId: "101",
      start: "2030-07-15T04:00:00.000Z",
      end: "2030-07-16T04:00:00.000Z",
      timeZone: "America/New_York",
    });
    expect(slots?.headers.get("cal-api-version")).toBe("2024-09-04");
    expect(body.slots[0]).toEqual({ start: "2030-07-15T09:00:00-04:00", end: "2030-07-15T09:30:00-04:00", label: "9 AM" });
    expect(body.slots).toHaveLength(16);
  });

  it.each([
    ["2030-03-10", "2030-03-10T05:00:00.000Z", "2030-03-11T04:00:00.000Z"],
    ["2030-11-03", "2030-11-03T04:00:00.000Z", "2030-11-04T05:00:00.000Z"],
  ])("sends the right UTC window on the DST change day %s", async (date, start, end) => {
    const { id } = await connectedBusiness();
    await checkAvailability(id, date);
    const [slots] = calcom.requestsTo("GET /v2/slots");
    expect([slots?.url.searchParams.get("start"), slots?.url.searchParams.get("end")]).toEqual([start, end]);
  });

  it("uses the event type the query names", async () => {
    const { id } = await connectedBusiness();
    const { body } = await checkAvailability(id, "2030-07-15", "&eventTypeId=102");
    expect(calcom.requestsTo("GET /v2/slots")[0]?.url.searchParams.get("eventTypeId")).toBe("102");
    expect(body.slots).toHaveLength(32);
  });

  it("refreshes an expired token once, then asks for slots with the new one", async () => {
    const { id, accessToken } = await connectedBusiness({ expiresInMinutes: -5 });
    expect((await checkAvailability(id, "2030-07-15")).status).toBe(200);
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(1);
    const [slots] = calcom.requestsTo("GET /v2/slots");
    expect(slots?.headers.get("authorization")).not.toBe(`Bearer ${accessToken}`);
  });

  it("makes one refresh request for 20 concurrent checks with an expired token", async () => {
    const { id } = await connectedBusiness({ expiresInMinutes: -5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => checkAvailability(id, "2030-07-15")));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(1);
    expect(calcom.requestsTo("GET /v2/slots")).toHaveLength(20);
  });

  it("marks the business as needing reconnect when the refresh token is refused", async () => {
    const { id } = await connectedBusiness({ expiresInMinutes: -5 });
    calcom.answer("POST /v2/auth/oauth2/token", answers.invalidGrant());
    const { status, body } = await checkAvailability(id, "2030-07-15");
    expect(status).toBe(409);
    expect(body.error.message).toContain("must be renewed");
    const [row] = await sql`select calcom_status from businesses where id = ${id}`;
    expect(row?.calcom_status).toBe("needs_reconnect");
    await checkAvailability(id, "2030-07-15");
    expect(calcom.requestsTo("POST /v2/auth/oauth2/token")).toHaveLength(1);
  });

  it("honours a 429: answers with Retry-After and sends nothing more to Cal.com meanwhile", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("GET /v2/slots", answers.rateLimited({ "retry-after": "30" }));
    const first = await checkAvailability(id, "2030-07-15");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("30");
    const second = await checkAvailability(id, "2030-07-16");
    expect(second.status).toBe(429);
    expect(calcom.requestsTo("GET /v2/slots")).toHaveLength(1);
  });
});

describe("booking in a connected Cal.com calendar", () => {
  it("makes exactly one Cal.com request and records the booking with its uid", async () => {
    const { id } = await connectedBusiness();
    const phone = uniquePhoneNumber();
    const { status, body } = await bookSlot({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Ada", phone, email: "ada@example.com" });
    expect(status).toBe(201);
    expect(body.booking).toMatchObject({ start: "2030-07-15T10:00:00-04:00", label: "10 AM" });
    expect(calcomCalls()).toBe(1);
    const [request] = calcom.requestsTo("POST /v2/bookings");
    expect(request?.body).toMatchObject({ eventTypeId: 101, start: "2030-07-15T14:00:00.000Z", attendee: { name: "Ada", email: "ada@example.com", phoneNumber: phone, timeZone: "America/New_York" } });
    const rows = await sql`select calcom_booking_uid, event_type_id, status from bookings where business_id = ${id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.calcom_booking_uid).toMatch(/^bk/);
  });

  it("books once when the same Idempotency-Key arrives twice: the retry asks Cal.com nothing", async () => {
    const { id } = await connectedBusiness();
    const request = { businessId: id, start: "2030-07-15T11:00:00-04:00", name: "Twice", phone: uniquePhoneNumber(), email: "t@example.com" };
    const first = await bookSlot(request, { "idempotency-key": "calcom-retry-1" });
    const second = await bookSlot(request, { "idempotency-key": "calcom-retry-1" });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
  });

  it("offers the nearest free times when Cal.com says the slot is taken, storing nothing", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", answers.slotTaken());
    const { status, body } = await bookSlot({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Late", phone: uniquePhoneNumber(), email: "l@example.com" });
    expect(status).toBe(409);
    expect(body.error.alternatives.map((a) => a.label)).toEqual(["9 AM", "9:30 AM", "10:30 AM"]); // ties go to the earlier time
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(0);
  });

  it("books a caller without email when the event type is phone-based", async () => {
    const { id } = await connectedBusiness({ defaultEventTypeId: 102 });
    const { status } = await bookSlot({ businessId: id, start: "2030-07-15T10:15:00-04:00", name: "Phone only", phone: uniquePhoneNumber() });
    expect(status).toBe(201);
    expect(calcom.requestsTo("POST /v2/bookings")[0]?.body).not.toHaveProperty("attendee.email");
  });

  it("asks for the email, without calling Cal.com, when the event type needs one", async () => {
    const { id } = await connectedBusiness();
    const { status, body } = await bookSlot({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "No email", phone: uniquePhoneNumber() });
    expect(status).toBe(400);
    expect(body.error.message).toContain("email:");
    expect(calcomCalls()).toBe(0);
  });

  it("answers 502 and stores nothing when Cal.com cannot be reached, without retrying the booking", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", answers.networkError());
    const { status } = await bookSlot({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Down", phone: uniquePhoneNumber(), email: "d@example.com" });
    expect(status).toBe(502);
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(0);
  });

  it("confirms nothing when Cal.com answers the booking with a status that holds no time (rejected), and records nothing", async () => {
    // A recorded live booking Cal.com rejected (test/fixtures/calcom-recorded/033), as the answer.
    const rejected = loadRecordedFixtures<{ body: { data: { status: string } } }>("calcom-recorded").find((f) => f.file.startsWith("033-"))?.content.body;
    expect(rejected?.data.status).toBe("rejected");
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", { status: 201, rawBody: JSON.stringify(rejected), offSpec: "a recorded live booking that was rejected" });
    const { status } = await bookSlot({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Refused", phone: uniquePhoneNumber(), email: "r@example.com" });
    expect(status).toBe(502);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(0);
    expect(calcom.requestsTo("POST /v2/bookings/{bookingUid}/cancel")).toHaveLength(0);
  });

  it("refreshes a due token once, then books: one refresh and one booking request", async () => {
    const { id } = await connectedBusiness({ expiresInMinutes: 1 });
    const { status } = await bookSlot({ businessId: id, start: "2030-07-15T12:00:00-04:00", name: "Due", phone: uniquePhoneNumber(), email: "due@example.com" });
    expect(status).toBe(201);
    expect(calcom.requests.map((r) => r.operation)).toEqual(["POST /v2/auth/oauth2/token", "POST /v2/bookings"]);
  });
});

describe("Cal.com failures that must not lose or double a booking", () => {
  it("answers all three concurrent requests with the same key with one recorded booking", async () => {
    const { id } = await connectedBusiness();
    const request = { businessId: id, start: "2030-07-15T13:00:00-04:00", name: "Burst", phone: uniquePhoneNumber(), email: "b@example.com" };
    const results = await Promise.all([1, 2, 3].map(() => bookSlot(request, { "idempotency-key": "calcom-burst" })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => JSON.stringify(r.body.booking))).size).toBe(1);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(1);
    // Whatever Cal.com made beyond the first was cancelled again.
    const live = [...calcom.state.bookings.values()].filter((b) => b.status !== "cancelled");
    expect(live).toHaveLength(1);
  });

  it("finds and records a booking whose answer was lost, instead of booking again", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", (request, state) => {
      defaultBehaviour["POST /v2/bookings"]?.(state, { url: request.url, body: request.body });
      return answers.serverError(); // Cal.com booked it, but we never hear so
    });
    const { status } = await bookSlot({ businessId: id, start: "2030-07-15T14:00:00-04:00", name: "Lost", phone: uniquePhoneNumber(), email: "l@example.com" }, { "idempotency-key": "lost-answer" });
    expect(status).toBe(201);
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
    expect(calcom.requestsTo("GET /v2/bookings")).toHaveLength(1);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(1);
  });

  it("says the outcome is unknown, storing nothing, when a lost booking cannot be found", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", answers.serverError());
    const { status, body } = await bookSlot({ businessId: id, start: "2030-07-15T14:00:00-04:00", name: "Gone", phone: uniquePhoneNumber(), email: "g@example.com" });
    expect(status).toBe(502);
    expect(body.error.message).toContain("did not confirm");
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(0);
  });

  it("marks the business as needing reconnect when Cal.com refuses its token", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("GET /v2/slots", answers.unauthorized());
    expect((await checkAvailability(id, "2030-07-15")).status).toBe(409);
    const [row] = await sql`select calcom_status from businesses where id = ${id}`;
    expect(row?.calcom_status).toBe("needs_reconnect");
  });
});

describe("a caller's deadline", () => {
  it("stops waiting for Cal.com when the deadline passes, without booking twice", async () => {
    const { id } = await connectedBusiness();
    calcom.answer("POST /v2/bookings", answers.slow(3_000, answers.serverError()));
    const started = Date.now();
    const result = await bookAppointment(
      await getDatabase(),
      { businessId: id, start: new Date("2030-07-15T15:00:00Z"), name: "Hurried", phone: uniquePhoneNumber(), email: "h@example.com", deadline: new Date(Date.now() + 400) },
      new Date(),
    );
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(["outcome_unknown", "calendar_unavailable"]).toContain(result.kind);
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
  });
});
