import { afterAll, describe, expect, it } from "vitest";
import { GET, PATCH, PUT } from "../api/businesses/[id]/calcom.js";
import { answers } from "./mocks/calcom-answers.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { documentedBody } from "./support/openapi-check.js";
import { operatorRequest } from "./support/operator-request.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

const API_KEY = "cal_live_0123456789abcdef0123456789";
/** Every answer of this route is also checked against what the OpenAPI document says it answers. */
async function documented(response: Response, method: string): Promise<Response> {
  await documentedBody(response.clone(), method, "/api/businesses/{id}/calcom");
  return response;
}
const put = async (businessId: string, body: unknown) => documented(await PUT(operatorRequest(`/api/businesses/${businessId}/calcom`, { method: "PUT", body })), "put");
const get = async (businessId: string) => documented(await GET(operatorRequest(`/api/businesses/${businessId}/calcom`)), "get");

describe("PUT /api/businesses/{id}/calcom (API key)", () => {
  it("checks the key with Cal.com, stores it sealed, and shows the connection without it", async () => {
    const { id } = await insertBusiness(sql);
    const response = await put(id, { apiKey: API_KEY, eventTypeId: 102 });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(API_KEY);
    expect(JSON.parse(text)).toMatchObject({
      status: "connected",
      authType: "api_key",
      defaultEventTypeId: 102,
      eventTypes: [
        { id: 102, slug: "phone-consult", requiresEmail: false },
        { id: 101, slug: "cleaning", requiresEmail: true },
      ],
    });
    expect(calcom.requestsTo("GET /v2/me")[0]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    const [row] = await sql`select to_jsonb(c)::text as text, auth_type from calcom_credentials c where business_id = ${id}`;
    expect(row?.auth_type).toBe("api_key");
    expect(row?.text).not.toContain(API_KEY);

    const shown = await get(id);
    expect(await shown.text()).not.toContain(API_KEY);
  });

  it("refuses a key Cal.com rejects, storing nothing", async () => {
    const { id } = await insertBusiness(sql);
    calcom.answer("GET /v2/me", answers.unauthorized());
    calcom.answer("GET /v2/event-types", answers.unauthorized());
    const response = await put(id, { apiKey: API_KEY });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("apiKey: Cal.com refused this key");
    const rows = await sql`select 1 from calcom_credentials where business_id = ${id}`;
    expect(rows).toHaveLength(0);
  });

  it("refuses an event type the account does not have", async () => {
    const { id } = await insertBusiness(sql);
    const response = await put(id, { apiKey: API_KEY, eventTypeId: 999 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("eventTypeId:");
  });

  it("refuses something that is not a Cal.com key before asking Cal.com", async () => {
    const { id } = await insertBusiness(sql);
    expect((await put(id, { apiKey: "sk_live_notcal" })).status).toBe(400);
    expect(calcom.requests).toHaveLength(0);
  });

  it("answers 404 for an unknown business", async () => {
    expect((await put("0b0e4a4e-0000-4000-8000-000000000000", { apiKey: API_KEY })).status).toBe(404);
    expect((await get("0b0e4a4e-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("GET /api/businesses/{id}/calcom", () => {
  it("shows a business that never connected as not_connected", async () => {
    const { id } = await insertBusiness(sql);
    expect(await (await get(id)).json()).toMatchObject({ status: "not_connected", authType: null, eventTypes: [] });
  });
});

describe("PATCH /api/businesses/{id}/calcom (default event type)", () => {
  const patch = async (businessId: string, body: unknown) => documented(await PATCH(operatorRequest(`/api/businesses/${businessId}/calcom`, { method: "PATCH", body })), "patch");

  it("switches the default to another event type of the account", async () => {
    const { id } = await insertBusiness(sql);
    await put(id, { apiKey: API_KEY, eventTypeId: 101 });
    const response = await patch(id, { defaultEventTypeId: 102 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ defaultEventTypeId: 102 });
    const [row] = await sql`select calcom_default_event_type_id from businesses where id = ${id}`;
    expect(Number(row?.calcom_default_event_type_id)).toBe(102);
  });

  it("refuses an event type the account does not have, changing nothing", async () => {
    const { id } = await insertBusiness(sql);
    await put(id, { apiKey: API_KEY, eventTypeId: 101 });
    const response = await patch(id, { defaultEventTypeId: 999 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("defaultEventTypeId:");
    const [row] = await sql`select calcom_default_event_type_id from businesses where id = ${id}`;
    expect(Number(row?.calcom_default_event_type_id)).toBe(101);
  });

  it("answers 404 for an unknown business", async () => {
    expect((await patch("0b0e4a4e-0000-4000-8000-000000000000", { defaultEventTypeId: 101 })).status).toBe(404);
  });
});
