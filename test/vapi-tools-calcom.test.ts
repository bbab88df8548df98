// Phone tools on a business whose calendar is Cal.com, with a short tool budget for the slow case.
process.env.VAPI_TOOL_BUDGET_MS = "1500";

import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { answers } from "./mocks/calcom-answers.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { toolCalls } from "./fixtures/vapi/tool-calls.js";
import { insertBusiness, testSql } from "./support/test-db.js";
import { connectToCalcomFake } from "./support/calcom-connection.js";
import { vapiRequest } from "./support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

async function calcomCall() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone: "America/New_York" });
  await connectToCalcomFake(calcom, business.id);
  const line = { callId: randomUUID(), phoneNumberId, number: business.phone_number };
  await POST(vapiRequest(assistantRequest(line)));
  return { ...line, businessId: business.id };
}

async function tool(line: { callId: string; phoneNumberId: string; number: string }, name: string, args: Record<string, unknown>) {
  const response = await POST(vapiRequest(toolCalls({ ...line, calls: [{ id: `t-${randomUUID()}`, name, args }] })));
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { result: string }[] }).results[0]?.result ?? "";
}

describe("phone tools on a Cal.com calendar", () => {
  it("check availability asks Cal.com and speaks its free times", async () => {
    const line = await calcomCall();
    expect(await tool(line, "checkAvailability", { date: "2030-07-15" })).toMatch(/^On Monday, July 15, 2030 I have 9 AM, /);
    expect(calcom.requestsTo("GET /v2/slots")).toHaveLength(1);
  });

  it("gives the caller the fallback within the budget when Cal.com is too slow, books nothing, and notes it on the call", async () => {
    const line = await calcomCall();
    calcom.answer("POST /v2/bookings", answers.slow(5_000, answers.serverError()));
    const started = Date.now();
    const spoken = await tool(line, "createBooking", { name: "Slow", dateTime: "2030-07-15T10:00" });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(spoken).toContain("I can't reach the calendar right now");
    expect(await sql`select 1 from bookings where business_id = ${line.businessId}`).toHaveLength(0);
    const [call] = await sql`select metadata from calls where vapi_call_id = ${line.callId}`;
    expect(call?.metadata).toMatchObject({ calendarFallback: { tool: "createBooking", count: 1 } });
  });

  it("gives the fallback when Cal.com is down", async () => {
    const line = await calcomCall();
    calcom.answer("GET /v2/slots", answers.networkError());
    expect(await tool(line, "checkAvailability", { date: "2030-07-15" })).toContain("I can't reach the calendar right now");
  });
});
