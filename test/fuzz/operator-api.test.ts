import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as businessBookings from "../../api/businesses/[id]/bookings.js";
import * as businessCalcom from "../../api/businesses/[id]/calcom.js";
import * as businessCalls from "../../api/businesses/[id]/calls.js";
import * as connectLink from "../../api/businesses/[id]/connect-link.js";
import * as oneBusiness from "../../api/businesses/[id]/index.js";
import * as businesses from "../../api/businesses/index.js";
import * as availability from "../../api/calcom/availability.js";
import * as book from "../../api/calcom/book.js";
import * as oneCall from "../../api/calls/[id].js";
import * as openapi from "../../api/openapi.json.js";
import { installCalcomFake } from "../mocks/calcom.js";
import { brokenInvariants, tenantSnapshot } from "../support/db-invariants.js";
import { FUZZ_SEED, fuzzRuns, junk, nastyString } from "../support/fuzz.js";
import { ADMIN_KEY } from "../support/operator-request.js";
import { insertBusiness, insertCallRow, testSql } from "../support/test-db.js";

// Random bodies and query strings for every operator endpoint, aimed at business A (or at no
// business); business B must come out unchanged. Cal.com is the spec-checking fake: a request we
// send it that breaks its spec fails the test too.
const sql = testSql();
afterAll(() => sql.end());
installCalcomFake();

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));
let A: string;
let B: string;
let bBefore: Record<string, string>;
/** What a request aimed at A may try to take from B: its phone number and VAPI line. */
const bLine = `fuzz-b-${randomUUID()}`;
let bPhone: string;
/** A's call (GET /api/calls/{id} aims here) and a cursor of B's call list (never valid for A's). */
let aCall: string;
let bCursor: string;

beforeAll(async () => {
  A = (await insertBusiness(sql, { timezone: "America/New_York", business_hours: sql.json(everyDay) })).id;
  const b = await insertBusiness(sql, { timezone: "America/New_York", business_hours: sql.json(everyDay), vapi_phone_number_id: bLine });
  B = b.id;
  bPhone = b.phone_number;
  const booked = await book.POST(request({ method: "POST", path: "/api/calcom/book", body: { businessId: B, start: "2030-07-15T10:00", name: "Bea Tenant", phone: "+15557770000" } }));
  expect(booked.status).toBe(201);
  const ended = (day: string) => ({ ended_at: `2030-07-${day}T10:05:00Z` });
  aCall = await insertCallRow(sql, A, "2030-07-01T10:00:00Z", ended("01"));
  await insertCallRow(sql, B, "2030-07-01T10:00:00Z", ended("01"));
  await insertCallRow(sql, B, "2030-07-02T10:00:00Z", ended("02"));
  const bCalls = await businessCalls.GET(request({ method: "GET", path: `/api/businesses/${B}/calls?limit=1` }));
  bCursor = ((await bCalls.json()) as { nextCursor: string }).nextCursor;
  expect(bCursor).toEqual(expect.any(String));
  bBefore = await tenantSnapshot(sql, B);
});

/** One request the fuzzer makes: path with query, and a JSON value or raw text as the body. */
interface RequestSpec {
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

function request(spec: RequestSpec): Request {
  const hasBody = spec.body !== undefined || spec.rawBody !== undefined;
  return new Request(`http://localhost${spec.path}`, {
    method: spec.method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(hasBody ? { "content-type": "application/json" } : {}), ...spec.headers },
    body: spec.rawBody ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
  });
}

/** A plausible value most of the time, junk otherwise. */
const orJunk = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: junk, weight: 1 });
/** A business reference that is A, no business, or not an id at all: never B. */
const businessRef = () => fc.oneof({ arbitrary: fc.constant(A), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }, { arbitrary: nastyString, weight: 1 });
const pathId = () =>
  fc.oneof(
    { arbitrary: fc.constant(A), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: nastyString.map((s) => encodeURIComponent(Buffer.from(s).toString())), weight: 1 },
    { arbitrary: fc.constantFrom("..", "%2e%2e", "%", "%zz", "%00", A.toUpperCase(), `${A}%20`), weight: 1 },
  );
/** A JSON body shaped like `fields`: all of them (now and then one wrong), some of them, plus
 *  unknown keys, or not an object at all. */
const bodyLike = (fields: Record<string, fc.Arbitrary<unknown>>) => {
  const mostlyRight = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary, weight: 8 }, { arbitrary: junk, weight: 1 });
  const each = (wrap: (a: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, wrap(v)]));
  return fc.oneof(
    { arbitrary: fc.record(each(mostlyRight)), weight: 4 },
    { arbitrary: fc.record(each(orJunk), { requiredKeys: [] }), weight: 2 },
    { arbitrary: fc.tuple(fc.record(fields), fc.dictionary(nastyString, junk, { maxKeys: 3 })).map(([known, extra]) => ({ ...extra, ...known })), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
};
const rawBody = fc.constantFrom("", " ", "{", "[", "null", '{"a":', "\u0000", "{}".repeat(1000), '{"apiKey": "cal_' + "x".repeat(150_000) + '"}');
/** Now and then a raw body that is not the JSON expected (null: send the JSON body instead). */
const sometimesRaw = fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: rawBody, weight: 1 });
const query = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { arbitrary: fc.record(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, orJunk(v)])), { requiredKeys: [] }), weight: 4 },
    { arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }), weight: 1 },
  ).map((values) => new URLSearchParams(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? ""])).toString());

const localDate = fc.constantFrom("2030-07-15", "2030-07-16", "2020-01-01", "2030-02-30", "0000-01-01", "9999-12-31");
const start = fc.oneof(
  fc.record({ day: fc.integer({ min: 15, max: 19 }), hour: fc.integer({ min: 8, max: 17 }), half: fc.boolean() }).map(({ day, hour, half }) => `2030-07-${day}T${String(hour).padStart(2, "0")}:${half ? "30" : "00"}`),
  fc.constantFrom("2030-07-15T14:00:00Z", "2030-07-15T10:00:00-04:00", "2020-01-01T10:00", "9999-12-31T23:59:59Z", "2030-07-15T10:00:00+14:00"),
);

/** A valid value most of the time (so creates and changes succeed often enough to test what
 *  they may touch), a wrong one otherwise. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: invalid, weight: 1 });
/** A phone number nobody has, B's (taking it must be a 409), or a malformed one. */
const phoneNumber = () =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+1888${String(n).padStart(7, "0")}`), weight: 5 },
    { arbitrary: fc.constantFrom(bPhone, ` ${bPhone}`), weight: 1 },
    { arbitrary: fc.constantFrom("555-1234", "+1", "+015551234567"), weight: 1 },
  );
/** A new VAPI line, B's (a 409), none, or an empty one. */
const vapiLine = () => mostly(fc.oneof(fc.uuid().map((id) => `fuzz-a-${id}`), fc.constant(null)), fc.constantFrom(bLine, ""));
const timezone = mostly(fc.constantFrom("America/New_York", "UTC", "Europe/Berlin"), fc.constantFrom("Mars/Olympus", "+03:00", "Factory", "utc"));
const hours = mostly(
  fc.constantFrom({}, everyDay, { mon: [{ open: "09:00", close: "24:00" }] }),
  fc.constantFrom({ mon: [{ open: "17:00", close: "09:00" }] }, { funday: [] }, { mon: [{ open: "9:00", close: "17:00" }] }),
);
/** A body of the fields' own (mostly valid) values, all of them or some, beside bodyLike's junk:
 *  creates and changes must succeed often enough to test what a success may touch. */
const plausibleOrLike = (fields: Record<string, fc.Arbitrary<unknown>>, requiredKeys?: []) =>
  fc.oneof({ arbitrary: fc.record(fields, requiredKeys ? { requiredKeys } : {}), weight: 1 }, { arbitrary: bodyLike(fields), weight: 1 });
const businessFields = () => ({
  name: mostly(fc.constantFrom("Fuzzed Dental", "O'Brien & Sons", "😀 Smiles"), nastyString),
  phoneNumber: phoneNumber(),
  timezone,
  businessHours: hours,
  greeting: mostly(fc.oneof(fc.constant(null), fc.string({ maxLength: 40 })), nastyString),
  vapiPhoneNumberId: vapiLine(),
  fallbackTransferNumber: mostly(fc.constantFrom("+15550009999", null), fc.constantFrom(bPhone, "911")),
  slotMinutes: mostly(fc.constantFrom(30, 5, 480), fc.constantFrom(4, 481, 1.5)),
});
const limit = fc.constantFrom(1, 2, 50, 200, 0, 201, -1, 1.5, "ten");
const cursor = () => fc.constantFrom(bCursor, "abc", "W10", Buffer.from(JSON.stringify(["businesses", "nope", "x"])).toString("base64url"), "%");
const bound = fc.constantFrom("2030-07-01", "2030-07-01T00:00:00Z", "2030-07-01T00:00:00+14:00", "2030-02-30", "2030-07-01T00:00", "yesterday", "0000-01-01");
const callRef = () => fc.oneof({ arbitrary: fc.constant(aCall), weight: 3 }, { arbitrary: pathId(), weight: 2 });

interface OperatorEndpoint {
  route: string;
  handler: (request: Request) => Promise<Response>;
  request: () => fc.Arbitrary<RequestSpec>;
}

/**
 * The operator endpoints, each with the requests the fuzzer makes of it. Add a row when a route
 * is added: the property below runs over every row.
 */
const ENDPOINTS: OperatorEndpoint[] = [
  {
    route: "POST /api/businesses",
    handler: businesses.POST,
    request: () =>
      fc.record({ body: plausibleOrLike(businessFields()), raw: sometimesRaw }).map(({ body, raw }) => ({ method: "POST", path: "/api/businesses", ...(raw === null ? { body } : { rawBody: raw }) })),
  },
  {
    route: "GET /api/businesses",
    handler: businesses.GET,
    request: () =>
      query({ limit, cursor: cursor(), active: fc.constantFrom("true", "false", "maybe", "1"), phoneNumber: fc.constantFrom(bPhone, bPhone.replace("+", " "), "+1", "555") }).map((q) => ({ method: "GET", path: `/api/businesses?${q}` })),
  },
  {
    route: "GET /api/businesses/{id}",
    handler: oneBusiness.GET,
    request: () => pathId().map((id) => ({ method: "GET", path: `/api/businesses/${id}` })),
  },
  {
    route: "PATCH /api/businesses/{id}",
    handler: oneBusiness.PATCH,
    request: () =>
      fc
        .record({
          id: pathId(),
          body: plausibleOrLike({ ...businessFields(), active: fc.boolean(), calcomDefaultEventTypeId: mostly(fc.constantFrom(101, 102), fc.constantFrom(999, 0, -1)) }, []),
          raw: sometimesRaw,
        })
        .map(({ id, body, raw }) => ({ method: "PATCH", path: `/api/businesses/${id}`, ...(raw === null ? { body } : { rawBody: raw }) })),
  },
  {
    route: "GET /api/businesses/{id}/calls",
    handler: businessCalls.GET,
    request: () =>
      fc
        .record({ id: pathId(), q: query({ limit, cursor: cursor(), from: bound, to: bound, status: fc.constantFrom("ended", "queued", "in-progress", "bogus") }) })
        .map(({ id, q }) => ({ method: "GET", path: `/api/businesses/${id}/calls?${q}` })),
  },
  {
    route: "GET /api/calls/{id}",
    handler: oneCall.GET,
    request: () => callRef().map((id) => ({ method: "GET", path: `/api/calls/${id}` })),
  },
  {
    route: "GET /api/businesses/{id}/bookings",
    handler: businessBookings.GET,
    request: () =>
      fc
        .record({
          id: pathId(),
          q: query({ limit, cursor: cursor(), from: bound, to: bound, status: fc.constantFrom("confirmed", "cancelled", "bogus"), phone: fc.constantFrom("+15557770000", "15557770000", "+1"), callId: callRef() }),
        })
        .map(({ id, q }) => ({ method: "GET", path: `/api/businesses/${id}/bookings?${q}` })),
  },
  {
    route: "GET /api/openapi.json",
    handler: openapi.GET,
    request: () => query({ format: fc.constantFrom("json", "yaml") }).map((q) => ({ method: "GET", path: `/api/openapi.json?${q}` })),
  },
  {
    route: "GET /api/businesses/{id}/calcom",
    handler: businessCalcom.GET,
    request: () => pathId().map((id) => ({ method: "GET", path: `/api/businesses/${id}/calcom` })),
  },
  {
    route: "PUT /api/businesses/{id}/calcom",
    handler: businessCalcom.PUT,
    request: () =>
      fc.record({ id: pathId(), body: bodyLike({ apiKey: fc.constantFrom("cal_live_0123456789abcdef", "cal_test_x", "not-a-key"), eventTypeId: fc.constantFrom(101, 102, 999) }), raw: sometimesRaw })
        .map(({ id, body, raw }) => ({ method: "PUT", path: `/api/businesses/${id}/calcom`, ...(raw === null ? { body } : { rawBody: raw }) })),
  },
  {
    route: "PATCH /api/businesses/{id}/calcom",
    handler: businessCalcom.PATCH,
    request: () =>
      fc.record({ id: pathId(), body: bodyLike({ defaultEventTypeId: fc.constantFrom(101, 102, 999, 0, -1) }), raw: sometimesRaw })
        .map(({ id, body, raw }) => ({ method: "PATCH", path: `/api/businesses/${id}/calcom`, ...(raw === null ? { body } : { rawBody: raw }) })),
  },
  {
    route: "POST /api/businesses/{id}/connect-link",
    handler: connectLink.POST,
    request: () => fc.record({ id: pathId(), body: fc.option(junk, { nil: undefined }) }).map(({ id, body }) => ({ method: "POST", path: `/api/businesses/${id}/connect-link`, body })),
  },
  {
    route: "GET /api/calcom/availability",
    handler: availability.GET,
    request: () =>
      query({ businessId: businessRef(), date: localDate, eventTypeId: fc.constantFrom(101, 102, "abc", -5) }).map((q) => ({ method: "GET", path: `/api/calcom/availability?${q}` })),
  },
  {
    route: "POST /api/calcom/book",
    handler: book.POST,
    request: () =>
      fc
        .record({
          body: bodyLike({
            businessId: businessRef(),
            start,
            name: fc.oneof(fc.constantFrom("Ada Lovelace"), nastyString),
            phone: fc.constantFrom("+15550001234", "+15557770000", "555-1234"),
            email: fc.constantFrom("ada@example.com", "no-at-sign"),
            notes: nastyString,
            eventTypeId: fc.constantFrom(101, 102, 1.5),
          }),
          raw: sometimesRaw,
          key: fc.option(fc.oneof(fc.constantFrom("retry-1", "retry-2"), nastyString.filter((s) => /^[\x20-\x7e]*$/.test(s))), { nil: undefined }),
        })
        .map(({ body, raw, key }) => ({ method: "POST", path: "/api/calcom/book", ...(raw === null ? { body } : { rawBody: raw }), ...(key === undefined ? {} : { headers: { "idempotency-key": key } }) })),
  },
];

const seen: Record<string, Record<number, number>> = {};

describe("operator endpoints under fuzzed bodies and query strings (fast-check, seeded)", () => {
  it("never answer 500, refuse with a JSON error that says why, and never change another business's rows", async () => {
    console.info(`operator-api fuzz: seed ${FUZZ_SEED}`);
    const oneRequest = fc.constantFrom(...ENDPOINTS).chain((endpoint) => endpoint.request().map((spec) => ({ endpoint, spec })));
    await fc.assert(
      fc.asyncProperty(fc.array(oneRequest, { minLength: 1, maxLength: 3 }), async (requests) => {
        for (const { endpoint, spec } of requests) {
          const response = await endpoint.handler(request(spec));
          const text = await response.text();
          (seen[endpoint.route] ??= {})[response.status] = (seen[endpoint.route]?.[response.status] ?? 0) + 1;
          expect(response.status, `${endpoint.route} ${spec.path}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String), message: expect.stringMatching(/\S/) } });
          }
        }
        expect(await tenantSnapshot(sql, B)).toEqual(bBefore);
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(300), endOnFailure: true },
    );
    console.info(`operator-api fuzz: answers by route and status ${JSON.stringify(seen)}`);
    expect(Object.keys(seen).sort()).toEqual(ENDPOINTS.map((e) => e.route).sort());
    const broken = await brokenInvariants(sql, [A, B]);
    expect(Object.values(broken).flat(), JSON.stringify(broken)).toEqual([]);
  });
});
