import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as vapiWebhook } from "../api/vapi-webhook.js";
import type { MemberSettingsView } from "../lib/members/member-settings-view.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { callMemberApi, errorMessage, insertMember, memberToken, roundTripsOf } from "./support/member-api.js";
import { insertBusiness, testSql } from "./support/test-db.js";
import { vapiRequest } from "./support/vapi-request.js";

const sql = testSql();
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";
const businesses: string[] = [];

interface Line {
  id: string;
  number: string;
  phoneNumberId: string;
  owner: string;
  staff: string;
}

/** A business answering its own line, with an owner and a staff member. */
async function line(): Promise<Line> {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, {
    name: "Harbor Dental", vapi_phone_number_id: phoneNumberId, timezone: "America/New_York", greeting: "Hello from Harbor",
    business_hours: sql.json({ mon: [{ open: "09:00", close: "17:00" }] }),
  });
  businesses.push(business.id);
  const [owner, staff] = await Promise.all([insertMember(sql, business.id, "owner"), insertMember(sql, business.id, "staff")]);
  return { id: business.id, number: business.phone_number, phoneNumberId, owner, staff };
}

let harbor: Line;
let other: Line;
beforeAll(async () => {
  [harbor, other] = await Promise.all([line(), line()]);
});
afterAll(async () => {
  await sql`delete from businesses where id in ${sql(businesses)}`;
  await sql.end();
});

const settingsUrl = (businessId: string) => `/api/member/businesses/${businessId}/settings`;
const read = async (businessId: string, userId: string) => callMemberApi<MemberSettingsView>("GET", settingsUrl(businessId), { token: await memberToken(userId) });
const patch = async (businessId: string, userId: string, body: unknown, headers?: Record<string, string>) =>
  callMemberApi<MemberSettingsView>("PATCH", settingsUrl(businessId), { token: await memberToken(userId), body, headers });
const stored = async (businessId: string) =>
  (await sql`select name, greeting, timezone, business_hours, fallback_transfer_number, slot_minutes from businesses where id = ${businessId}`)[0];

describe("GET /api/member/businesses/{id}/settings", () => {
  it("shows owners the settings they may change, and staff the same, read only", async () => {
    const owner = await read(harbor.id, harbor.owner);
    expect(owner.status).toBe(200);
    expect(owner.headers.get("cache-control")).toBe("no-store");
    expect(roundTripsOf(owner.headers)).toBe(1);
    expect(owner.body).toEqual({
      name: "Harbor Dental", greeting: "Hello from Harbor", timezone: "America/New_York",
      businessHours: { mon: [{ open: "09:00", close: "17:00" }] }, fallbackTransferNumber: null, slotMinutes: 30, canEdit: true,
    });
    expect((await read(harbor.id, harbor.staff)).body).toEqual({ ...owner.body, canEdit: false });
  });

  it("answers 404 for another business's id", async () => {
    expect((await read(other.id, harbor.owner)).status).toBe(404);
    expect((await read(UNKNOWN, harbor.owner)).status).toBe(404);
  });
});

describe("PATCH /api/member/businesses/{id}/settings", () => {
  it("lets an owner change the settings sent, in one round trip, and leaves the rest", async () => {
    const business = await line();
    const { status, headers, body } = await patch(business.id, business.owner, { slotMinutes: 45, fallbackTransferNumber: "+442071838750" });
    expect(status).toBe(200);
    expect(roundTripsOf(headers)).toBe(1);
    expect(body).toMatchObject({ name: "Harbor Dental", greeting: "Hello from Harbor", slotMinutes: 45, fallbackTransferNumber: "+442071838750", canEdit: true });
    expect((await patch(business.id, business.owner, { greeting: null, fallbackTransferNumber: null })).body).toMatchObject({ greeting: null, fallbackTransferNumber: null, slotMinutes: 45 });
    expect(await stored(business.id)).toMatchObject({ greeting: null, fallback_transfer_number: null, slot_minutes: 45 });
  });

  it("the next assistant-request answers with the new greeting, hours and name", async () => {
    const business = await line();
    const before = await assistantFor(business);
    expect(before.firstMessage).toBe("Hello from Harbor");
    expect(before.model.messages[0]?.content).toContain("Monday: 9 AM to 5 PM.");
    const changes = {
      name: "Harbor Dental & Implants", greeting: "Harbor Dental and Implants, good day!", timezone: "Europe/London",
      businessHours: { mon: [], tue: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "18:30" }] },
    };
    expect((await patch(business.id, business.owner, changes)).status).toBe(200);
    const after = await assistantFor(business);
    expect(after.firstMessage).toBe("Harbor Dental and Implants, good day!");
    const prompt = after.model.messages[0]?.content ?? "";
    expect(prompt).toContain("You are the phone receptionist of Harbor Dental & Implants");
    expect(prompt).toContain("Monday: closed.");
    expect(prompt).toContain("Tuesday: 8 AM to noon and 1 PM to 6:30 PM.");
    expect(prompt).toContain("Europe/London");
  });

  it("refuses staff with 403 and changes nothing", async () => {
    const before = await stored(harbor.id);
    const answer = await patch(harbor.id, harbor.staff, { greeting: "Staff was here" });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: "forbidden" } });
    expect(await stored(harbor.id)).toEqual(before);
  });

  it("answers 404 to the owner of another business and changes nothing there", async () => {
    const before = await stored(other.id);
    const answer = await patch(other.id, harbor.owner, { greeting: "Taken over" });
    expect(answer.status).toBe(404);
    expect(errorMessage(answer.body)).toBe(`business ${other.id} not found`);
    expect((await patch(UNKNOWN, harbor.owner, { greeting: "Nobody" })).status).toBe(404);
    expect(await stored(other.id)).toEqual(before);
  });

  it.each([
    ["an interval that closes before it opens", { businessHours: { mon: [{ open: "17:00", close: "09:00" }] } }, /^businessHours\.mon\.0: open must be before close/],
    ["overlapping intervals", { businessHours: { mon: [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "13:00" }] } }, /^businessHours\.mon\.1: overlaps 09:00-12:00/],
    ["a misspelt key inside an interval", { businessHours: { mon: [{ open: "09:00", clsoe: "17:00" }] } }, /businessHours\.mon\.0.*clsoe/],
    ["a time zone that does not exist", { timezone: "America/NewYork" }, /^timezone: must be an IANA time zone/],
    ["a fallback number that is not E.164", { fallbackTransferNumber: "555-1234" }, /^fallbackTransferNumber: must be an E.164 phone number/],
    ["a slot length out of range", { slotMinutes: 2 }, /^slotMinutes: /],
    ["an empty name", { name: "  " }, /^name: /],
    ["a misspelt field", { greting: "Hi" }, /greting/],
    ["a field only operators change", { phoneNumber: "+15551230001" }, /phoneNumber/],
    ["nothing to change", {}, /send at least one field to change/],
  ])("refuses %s with 400 naming the field, changing nothing", async (_, body, message) => {
    const before = await stored(harbor.id);
    const answer = await patch(harbor.id, harbor.owner, body);
    expect(answer.status).toBe(400);
    expect(errorMessage(answer.body)).toMatch(message);
    expect(await stored(harbor.id)).toEqual(before);
  });

  it.each(["cross-site", "same-site"])("refuses a write the browser says %s sent, with 403, before reading it", async (site) => {
    const before = await stored(harbor.id);
    const answer = await patch(harbor.id, harbor.owner, { greeting: "CSRF" }, { "sec-fetch-site": site });
    expect(answer.status).toBe(403);
    expect(errorMessage(answer.body)).toBe(`Sec-Fetch-Site: ${site} requests may not change anything; use the dashboard on this site`);
    expect(await stored(harbor.id)).toEqual(before);
  });

  it("takes writes from our own pages and from clients that are not browsers (no Sec-Fetch-Site)", async () => {
    const business = await line();
    expect((await patch(business.id, business.owner, { slotMinutes: 20 }, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    const request = new Request(`http://localhost${settingsUrl(business.id)}`, {
      method: "PATCH", headers: { authorization: `Bearer ${await memberToken(business.owner)}` }, body: JSON.stringify({ slotMinutes: 25 }),
    });
    const { PATCH } = await import("../api/member/businesses/[id]/settings.js");
    expect((await PATCH(request)).status).toBe(200);
    expect(await stored(business.id)).toMatchObject({ slot_minutes: 25 });
  });

  it("answers 401 without a session, whatever the body", async () => {
    const answer = await callMemberApi("PATCH", settingsUrl(harbor.id), { token: null, body: { greeting: "Anonymous" } });
    expect(answer.status).toBe(401);
  });
});

interface Assistant {
  firstMessage: string;
  model: { messages: { content: string }[] };
}

/** What the webhook answers when the business's line rings now. */
async function assistantFor(business: Line): Promise<Assistant> {
  const response = await vapiWebhook(vapiRequest(assistantRequest({ callId: randomUUID(), phoneNumberId: business.phoneNumberId, number: business.number })));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { assistant?: Assistant };
  if (!body.assistant) throw new Error("no assistant in the answer");
  return body.assistant;
}
