import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as connectRoute } from "../api/calcom/connect.js";
import { verifyToken } from "../lib/crypto/signed-token.js";
import type { MemberCalendarView } from "../lib/members/member-calendar-view.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { callMemberApi, errorMessage, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { callApi } from "./support/operator-api.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
const calcom = installCalcomFake();
const API_KEY = "cal_live_0123456789abcdef0123456789";
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";

let connected: { id: string; owner: string; staff: string };
let builtin: { id: string; owner: string };
beforeAll(async () => {
  const [a, b] = await Promise.all([insertBusiness(sql, { name: "Harbor Dental" }), insertBusiness(sql, { name: "Corner Salon" })]);
  connected = { id: a.id, owner: await insertMember(sql, a.id, "owner"), staff: await insertMember(sql, a.id, "staff") };
  builtin = { id: b.id, owner: await insertMember(sql, b.id, "owner") };
});
afterAll(async () => {
  await sql`delete from businesses where id in ${sql([connected.id, builtin.id])}`;
  await sql.end();
});

const calendar = async (businessId: string, userId: string) =>
  callMemberApi<MemberCalendarView>("GET", `/api/member/businesses/${businessId}/calendar`, { token: await memberToken(userId) });
const setDefault = async (businessId: string, userId: string, body: unknown, headers?: Record<string, string>) =>
  callMemberApi<MemberCalendarView>("PUT", `/api/member/businesses/${businessId}/calendar/default-event-type`, { token: await memberToken(userId), body, headers });
const connectLink = async (businessId: string, userId: string, headers?: Record<string, string>) =>
  callMemberApi<{ url: string; expiresAt: string }>("POST", `/api/member/businesses/${businessId}/calendar/connect`, { token: await memberToken(userId), headers });
const defaultOf = async (businessId: string) => (await sql`select calcom_default_event_type_id::int as id from businesses where id = ${businessId}`)[0]?.id as number | null;

describe("GET /api/member/businesses/{id}/calendar", () => {
  it("shows the built-in calendar of a business without Cal.com", async () => {
    const { status, headers, body } = await calendar(builtin.id, builtin.owner);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(headers)).toBe(1);
    expect(body).toEqual({ provider: "builtin", status: "not_connected", account: null, defaultEventTypeId: null, eventTypes: [], canEdit: true });
  });

  it("shows a connected Cal.com account by email and name, its event types and the default, and never the key", async () => {
    expect((await callApi("PUT", `/api/businesses/${connected.id}/calcom`, { body: { apiKey: API_KEY, eventTypeId: 102 } })).status).toBe(200);
    const { status, body } = await calendar(connected.id, connected.staff);
    expect(status).toBe(200);
    expect(body).toEqual({
      provider: "calcom", status: "connected",
      account: { email: "frontdesk@smile-dental.example", name: "Smile Dental", username: "smile-dental" },
      defaultEventTypeId: 102,
      eventTypes: [{ id: 102, title: "Phone consultation", lengthMinutes: 15 }, { id: 101, title: "Teeth cleaning", lengthMinutes: 30 }],
      canEdit: false,
    });
    expect(JSON.stringify(body)).not.toContain(API_KEY);
    const [sealed] = await sql`select access_token_encrypted from calcom_credentials where business_id = ${connected.id}`;
    expect(JSON.stringify(body)).not.toContain(String(sealed?.access_token_encrypted));
    expect(calcom.requestsTo("GET /v2/me")).toHaveLength(1);
  });

  it("says when Cal.com needs reconnecting", async () => {
    await sql`update businesses set calcom_status = 'needs_reconnect' where id = ${connected.id}`;
    expect((await calendar(connected.id, connected.owner)).body).toMatchObject({ provider: "calcom", status: "needs_reconnect", canEdit: true });
    await sql`update businesses set calcom_status = 'connected' where id = ${connected.id}`;
  });

  it("answers 404 for another business's id", async () => {
    expect((await calendar(connected.id, builtin.owner)).status).toBe(404);
    expect((await calendar(UNKNOWN, builtin.owner)).status).toBe(404);
  });
});

describe("PUT /api/member/businesses/{id}/calendar/default-event-type", () => {
  it("lets an owner choose one of the account's event types, in one round trip", async () => {
    const { status, headers, body } = await setDefault(connected.id, connected.owner, { eventTypeId: 101 });
    expect(status).toBe(200);
    expect(roundTripsOf(headers)).toBe(1);
    expect(body).toMatchObject({ defaultEventTypeId: 101, canEdit: true });
    expect(await defaultOf(connected.id)).toBe(101);
  });

  it("refuses an event type the account does not offer with 400 naming eventTypeId", async () => {
    const answer = await setDefault(connected.id, connected.owner, { eventTypeId: 999 });
    expect(answer.status).toBe(400);
    expect(errorMessage(answer.body)).toBe("eventTypeId: not an event type of this business's Cal.com account (it has 101, 102)");
    const builtinAnswer = await setDefault(builtin.id, builtin.owner, { eventTypeId: 101 });
    expect(errorMessage(builtinAnswer.body)).toBe("eventTypeId: not an event type of this business's Cal.com account (it has none)");
    expect(errorMessage((await setDefault(connected.id, connected.owner, { eventTypeId: "101" })).body)).toMatch(/^eventTypeId: /);
    expect(errorMessage((await setDefault(connected.id, connected.owner, { eventTypeId: 101, also: 1 })).body)).toMatch(/also/);
  });

  it("refuses staff with 403, another business's owner with 404, and a cross-site write with 403, changing nothing", async () => {
    const before = await defaultOf(connected.id);
    expect((await setDefault(connected.id, connected.staff, { eventTypeId: 102 })).status).toBe(403);
    expect((await setDefault(connected.id, builtin.owner, { eventTypeId: 102 })).status).toBe(404);
    const crossSite = await setDefault(connected.id, connected.owner, { eventTypeId: 102 }, { "sec-fetch-site": "cross-site" });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await defaultOf(connected.id)).toBe(before);
  });
});

describe("POST /api/member/businesses/{id}/calendar/connect", () => {
  it("gives an owner the operator's kind of connect link, short-lived, which starts Cal.com's OAuth", async () => {
    const { status, headers, body } = await connectLink(builtin.id, builtin.owner);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(headers)).toBe(1);
    const url = new URL(body.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://receptionist.example/api/calcom/connect");
    expect(body.url).not.toContain(builtin.id);
    expect(verifyToken(url.searchParams.get("link") ?? "", { purpose: "calcom_connect_link" }).payload).toEqual({ businessId: builtin.id });
    const minutes = (Date.parse(body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const opened = await connectRoute(new Request(body.url));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toMatch(/^https:\/\/app\.cal\.com\/auth\/oauth2\/authorize\?/);
  });

  it("refuses staff with 403, another business's owner with 404, and a cross-site request with 403", async () => {
    expect((await connectLink(connected.id, connected.staff)).status).toBe(403);
    expect(errorMessage((await connectLink(connected.id, connected.staff)).body)).toMatch(/only the business's owners/);
    expect((await connectLink(connected.id, builtin.owner)).status).toBe(404);
    expect((await connectLink(UNKNOWN, builtin.owner)).status).toBe(404);
    expect((await connectLink(builtin.id, builtin.owner, { "sec-fetch-site": "same-site" })).status).toBe(403);
  });
});
