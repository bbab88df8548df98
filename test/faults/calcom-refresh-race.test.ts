import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../../api/vapi-webhook.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { defaultBehaviour } from "../mocks/calcom-behaviour.js";
import { installCalcomFake } from "../mocks/calcom.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { connectToCalcomFake } from "../support/calcom-connection.js";
import { vapiRequest } from "../support/vapi-request.js";

// test/calcom-connection.test.ts races 50 callers of calcomAccessToken directly; this file races
// them the way they really arrive: 50 phone calls' tool calls through the webhook at once.
const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

const CALLS = 50;
const refreshAnswer = defaultBehaviour["POST /v2/auth/oauth2/token"] ?? (() => ({ networkError: true }));

describe("a Cal.com token refresh raced by concurrent tool calls", () => {
  it(`makes exactly one refresh request when ${CALLS} concurrent checkAvailability calls find the access token expired`, async () => {
    const phoneNumberId = `pn-${randomUUID()}`;
    const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone: "America/New_York" });
    const { refreshToken } = await connectToCalcomFake(calcom, business.id, { expiresInMinutes: -1 });
    const lines = Array.from({ length: CALLS }, () => ({ callId: randomUUID(), phoneNumberId, number: business.phone_number }));
    for (const line of lines) expect((await POST(vapiRequest(assistantRequest(line)))).status).toBe(200);
    // A token endpoint that takes its time keeps the race open while the first refresh runs.
    calcom.answer("POST /v2/auth/oauth2/token", (request, state) => ({ ...refreshAnswer(state, request), delayMs: 300 }));

    const answers = await Promise.all(
      lines.map(async (line) => {
        const response = await POST(vapiRequest(toolCalls({ ...line, calls: [{ id: `tc-${randomUUID()}`, name: "checkAvailability", args: { date: "2030-07-15" } }] })));
        expect(response.status).toBe(200);
        return ((await response.json()) as { results: { result: string }[] }).results[0]?.result;
      }),
    );

    const refreshes = calcom.requestsTo("POST /v2/auth/oauth2/token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toMatchObject({ grant_type: "refresh_token", refresh_token: refreshToken });
    // Every caller heard the day's times, asked for with the one new access token.
    for (const answer of answers) expect(answer).toMatch(/^On Monday, July 15, 2030 I have 9 AM, /);
    const slotRequests = calcom.requestsTo("GET /v2/slots");
    expect(slotRequests).toHaveLength(CALLS);
    expect(new Set(slotRequests.map((r) => r.headers.get("authorization")))).toEqual(new Set(["Bearer eyJhbGciOiJIUzI1NiJ9.access-2.sig"]));
    const [stored] = await sql`select access_token_expires_at > now() + interval '20 minutes' as fresh from calcom_credentials where business_id = ${business.id}`;
    expect(stored).toEqual({ fresh: true });
    const [fallbacks] = await sql`select count(*)::int as n from calls where business_id = ${business.id} and metadata ? 'calendarFallback'`;
    expect(fallbacks).toEqual({ n: 0 });
  });
});
