import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { BusinessView } from "../lib/businesses/business-view.js";
import type { Page } from "../lib/http/page.js";
import { callApi, errorMessage } from "./support/operator-api.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const newBusiness = (fields: Record<string, unknown> = {}) => ({
  name: "Harbor Plumbing",
  phoneNumber: uniquePhoneNumber(),
  timezone: "Europe/Berlin",
  businessHours: { mon: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "17:00" }] },
  greeting: "Harbor Plumbing, how can I help?",
  fallbackTransferNumber: "+442071838750",
  slotMinutes: 45,
  ...fields,
});
const create = (body: unknown) => callApi<BusinessView>("POST", "/api/businesses", { body });
const list = (query = "") => callApi<Page<BusinessView>>("GET", `/api/businesses${query}`);
const UNKNOWN = "0b0e4a4e-0000-4000-8000-000000000000";

describe("POST /api/businesses", () => {
  it("creates a business with every setting and answers 201 with it and its location", async () => {
    const input = newBusiness({ vapiPhoneNumberId: `pn-${randomUUID()}`, vapiAssistantId: "asst-1" });
    const created = await create(input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...input, active: true, calcomStatus: "not_connected", calcomDefaultEventTypeId: null });
    expect(created.headers.get("location")).toBe(`/api/businesses/${created.body.id}`);
    const [row] = await sql`select name, slot_minutes, greeting from businesses where id = ${created.body.id}`;
    expect(row).toEqual({ name: "Harbor Plumbing", slot_minutes: 45, greeting: "Harbor Plumbing, how can I help?" });
  });

  it("fills in the defaults: closed all week, 30-minute slots, no greeting", async () => {
    const created = await create({ name: "Minimal", phoneNumber: uniquePhoneNumber(), timezone: "UTC" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ businessHours: {}, slotMinutes: 30, greeting: null, vapiPhoneNumberId: null, fallbackTransferNumber: null });
  });

  it("answers 409 naming phoneNumber when another business has the number, and stores nothing", async () => {
    const first = await create(newBusiness());
    const again = await create(newBusiness({ phoneNumber: first.body.phoneNumber, name: "Copycat" }));
    expect(again.status).toBe(409);
    expect(errorMessage(again)).toMatch(/^phoneNumber: /);
    expect(await sql`select 1 from businesses where name = 'Copycat' and phone_number = ${first.body.phoneNumber}`).toHaveLength(0);
  });

  it("answers 409 naming vapiPhoneNumberId when another business has that VAPI number", async () => {
    const vapiPhoneNumberId = `pn-${randomUUID()}`;
    expect((await create(newBusiness({ vapiPhoneNumberId }))).status).toBe(201);
    const again = await create(newBusiness({ vapiPhoneNumberId }));
    expect(again.status).toBe(409);
    expect(errorMessage(again)).toMatch(/^vapiPhoneNumberId: /);
  });

  it.each([
    ["a missing name", { name: undefined }, "name"],
    ["a number that is not E.164", { phoneNumber: "555-0100" }, "phoneNumber"],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, "timezone"],
    ["hours closing before they open", { businessHours: { tue: [{ open: "17:00", close: "09:00" }] } }, "businessHours.tue.0"],
    ["a slot of 2 minutes", { slotMinutes: 2 }, "slotMinutes"],
    ["a fallback number that is not E.164", { fallbackTransferNumber: "0800 123" }, "fallbackTransferNumber"],
    ["a misspelt field", { greting: "Hi" }, "greting"],
  ])("refuses %s with 400 naming the field", async (_what, fields, field) => {
    const answer = await create(newBusiness(fields));
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toContain(field);
  });

  it("refuses an empty body with 400", async () => {
    const answer = await callApi("POST", "/api/businesses");
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toContain("body is empty");
  });
});

describe("GET /api/businesses/{id}", () => {
  it("shows the business", async () => {
    const created = await create(newBusiness());
    const shown = await callApi<BusinessView>("GET", `/api/businesses/${created.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(created.body);
  });

  it("answers 404 for an unknown id and 400 naming id for one that is not a uuid", async () => {
    expect((await callApi("GET", `/api/businesses/${UNKNOWN}`)).status).toBe(404);
    const malformed = await callApi("GET", "/api/businesses/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(errorMessage(malformed)).toBe("id: must be a uuid");
  });

  it("never shows Cal.com tokens, even when the business has some", async () => {
    const { id, phone_number } = await insertBusiness(sql, { calcom_status: "connected" });
    await sql`insert into calcom_credentials ${sql({ business_id: id, auth_type: "oauth", access_token_encrypted: "v1.sealed-access-secret", refresh_token_encrypted: "v1.sealed-refresh-secret", key_id: "k1" })}`;
    const shown = await callApi("GET", `/api/businesses/${id}`);
    const listed = await list(`?phoneNumber=${encodeURIComponent(phone_number)}`);
    for (const text of [JSON.stringify(shown.body), JSON.stringify(listed.body)]) {
      expect(text).not.toMatch(/sealed|token|secret|key_id/i);
    }
    expect(listed.body).toMatchObject({ items: [{ id, calcomStatus: "connected" }] });
  });
});

describe("PATCH /api/businesses/{id}", () => {
  const patch = (id: string, body: unknown) => callApi<BusinessView>("PATCH", `/api/businesses/${id}`, { body });

  it("changes only the settings sent; null clears an optional one", async () => {
    const created = await create(newBusiness());
    const changed = await patch(created.body.id, {
      active: false,
      businessHours: { sat: [{ open: "10:00", close: "14:00" }] },
      timezone: "America/Chicago",
      greeting: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...created.body,
      active: false,
      businessHours: { sat: [{ open: "10:00", close: "14:00" }] },
      timezone: "America/Chicago",
      greeting: null,
      updatedAt: changed.body.updatedAt,
    });
    expect((await callApi<BusinessView>("GET", `/api/businesses/${created.body.id}`)).body).toEqual(changed.body);
    expect((await patch(created.body.id, { active: true })).body.active).toBe(true);
  });

  it("sets the default event type to one of the business's Cal.com event types, and refuses another's", async () => {
    const { id } = await insertBusiness(sql, { calcom_status: "connected" });
    const other = await insertBusiness(sql);
    await sql`insert into calcom_event_types ${sql([
      { business_id: id, event_type_id: 501, slug: "cleaning", title: "Cleaning", length_minutes: 30 },
      { business_id: other.id, event_type_id: 502, slug: "consult", title: "Consult", length_minutes: 15 },
    ])}`;
    expect((await patch(id, { calcomDefaultEventTypeId: 501 })).body.calcomDefaultEventTypeId).toBe(501);
    const refused = await patch(id, { calcomDefaultEventTypeId: 502 });
    expect(refused.status).toBe(400);
    expect(errorMessage(refused)).toBe("calcomDefaultEventTypeId: not an event type of this business's Cal.com account (it has 501)");
  });

  it("answers 409 when the new number belongs to another business, changing nothing", async () => {
    const mine = await create(newBusiness());
    const theirs = await create(newBusiness());
    const answer = await patch(mine.body.id, { phoneNumber: theirs.body.phoneNumber, name: "Renamed" });
    expect(answer.status).toBe(409);
    expect(errorMessage(answer)).toMatch(/^phoneNumber: /);
    expect((await callApi<BusinessView>("GET", `/api/businesses/${mine.body.id}`)).body.name).toBe("Harbor Plumbing");
  });

  it.each([
    ["an empty change", {}, "send at least one field to change"],
    ["a field operators cannot set", { calcomStatus: "connected" }, "calcomStatus"],
    ["a name set to null", { name: null }, "name"],
    ["active as a string", { active: "no" }, "active"],
    ["an unknown time zone", { timezone: "Europe/Atlantis" }, "timezone"],
  ])("refuses %s with 400 naming the field", async (_what, body, field) => {
    const created = await create(newBusiness());
    const answer = await patch(created.body.id, body);
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toContain(field);
  });

  it("answers 404 for an unknown business", async () => {
    expect((await patch(UNKNOWN, { active: false })).status).toBe(404);
  });
});

describe("GET /api/businesses", () => {
  it("pages through every business once, newest first, by cursor", async () => {
    const mine = new Set<string>();
    for (let n = 0; n < 5; n += 1) mine.add((await create(newBusiness({ name: `Paged ${n}` }))).body.id);
    const seen: BusinessView[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1000 && [...mine].some((id) => !seen.some((b) => b.id === id)); page += 1) {
      const answer: Awaited<ReturnType<typeof list>> = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      if (!cursor) break;
    }
    expect([...mine].filter((id) => !seen.some((b) => b.id === id))).toEqual([]);
    expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
    const times = seen.map((b) => b.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("filters by active and by phone number (an unencoded + arrives as a space and still matches)", async () => {
    const created = await create(newBusiness());
    await callApi("PATCH", `/api/businesses/${created.body.id}`, { body: { active: false } });
    const byNumber = await list(`?phoneNumber=${created.body.phoneNumber}`);
    expect(byNumber.body).toEqual({ items: [expect.objectContaining({ id: created.body.id })], nextCursor: null });
    expect((await list(`?phoneNumber=${encodeURIComponent(created.body.phoneNumber)}&active=true`)).body.items).toEqual([]);
    expect((await list(`?phoneNumber=${encodeURIComponent(created.body.phoneNumber)}&active=false`)).body.items).toHaveLength(1);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["active=maybe", "active"],
    ["phoneNumber=12345", "phoneNumber"],
    ["cursor=bm90LWEtY3Vyc29y", "cursor"],
  ])("refuses ?%s with 400 naming the parameter", async (query, parameter) => {
    const answer = await list(`?${query}`);
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toMatch(new RegExp(`^${parameter}: `));
  });

  it("refuses a cursor of another list", async () => {
    const { id } = await insertBusiness(sql);
    for (let n = 0; n < 2; n += 1) await sql`insert into calls (business_id, vapi_call_id) values (${id}, ${randomUUID()})`;
    const calls = await callApi<Page<unknown>>("GET", `/api/businesses/${id}/calls?limit=1`);
    expect(calls.body.nextCursor).toBeTruthy();
    const answer = await list(`?cursor=${calls.body.nextCursor ?? ""}`);
    expect(answer.status).toBe(400);
    expect(errorMessage(answer)).toMatch(/^cursor: /);
  });
});

describe("business hours as operators send them", () => {
  it("refuses a misspelt key inside an interval by name instead of dropping it", async () => {
    const { PATCH } = await import("../api/businesses/[id]/index.js");
    const { insertBusiness, testSql } = await import("./support/test-db.js");
    const { operatorRequest } = await import("./support/operator-request.js");
    const sql = testSql();
    try {
      const { id } = await insertBusiness(sql);
      const response = await PATCH(operatorRequest(`/api/businesses/${id}`, { method: "PATCH", body: { businessHours: { mon: [{ open: "09:00", close: "17:00", clsoe: "18:00" }] } } }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("businessHours.mon.0");
      expect(await sql`select business_hours from businesses where id = ${id}`).toEqual([{ business_hours: {} }]);
    } finally {
      await sql.end();
    }
  });
});
