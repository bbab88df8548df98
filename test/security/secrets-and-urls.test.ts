// Findings 1 and 2 of "Hold under attack": no answer carries a secret, and no URL we hand out is
// built from the request's Host or X-Forwarded-* headers. Against `npm start` on the test database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { operatorRequest } from "../support/operator-request.js";
import { passLocalRequestsThrough, sendTo, startRunningService, testSecrets, type RunningService } from "../support/running-service.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { vapiRequest } from "../support/vapi-request.js";

passLocalRequestsThrough();
const sql = testSql();

/** Where an attacker would like our links to point. */
const FORGED = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "javascript" };

// Two services: as installed (no VAPI credential id, no public URL: links from the local port),
// and as deployed with a credential saved in VAPI and a public URL.
// A third names our webhook by credential id with no public URL configured: the case where the
// old code took the forwarded host.
let plain: RunningService;
let withCredential: RunningService;
let localWithCredential: RunningService;
beforeAll(async () => {
  [plain, withCredential, localWithCredential] = await Promise.all([
    startRunningService({ CALCOM_REDIRECT_URI: undefined, PUBLIC_BASE_URL: undefined }),
    startRunningService({ CALCOM_REDIRECT_URI: undefined, PUBLIC_BASE_URL: "https://receptionist.example", VAPI_SERVER_CREDENTIAL_ID: "3f0e6c2a-cred-0000-0000-000000000001" }),
    startRunningService({ CALCOM_REDIRECT_URI: undefined, PUBLIC_BASE_URL: undefined, VAPI_SERVER_CREDENTIAL_ID: "3f0e6c2a-cred-0000-0000-000000000002" }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.stop(), withCredential.stop(), localWithCredential.stop()]);
  await sql.end();
});

const secretValues = () => Object.values(testSecrets()).filter((value): value is string => Boolean(value));

/** The whole answer as text (status line aside): headers and body. */
async function answerText(response: Response): Promise<string> {
  return `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
}

async function line() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { name: "Harbor Dental", vapi_phone_number_id: phoneNumberId, business_hours: sql.json({ mon: [{ open: "09:00", close: "17:00" }] }) });
  return { callId: randomUUID(), phoneNumberId, number: business.phone_number, businessId: business.id };
}

describe("no answer carries a secret", () => {
  it("assistant-request: the business's assistant and its tools name no server and carry no secret", async () => {
    const target = await line();
    const response = await sendTo(plain, vapiRequest(assistantRequest(target)));
    expect(response.status).toBe(200);
    const text = await answerText(response);
    for (const secret of secretValues()) expect(text).not.toContain(secret);
    const { assistant } = JSON.parse(text.slice(text.indexOf("\n{") + 1)) as { assistant: { server?: unknown; model: { tools: { server?: unknown }[] } } };
    expect(assistant.server).toBeUndefined();
    expect(assistant.model.tools.length).toBe(5);
    expect(assistant.model.tools.every((tool) => tool.server === undefined)).toBe(true);
    expect(text.toLowerCase()).not.toContain("x-vapi-secret");
  });

  it("assistant-request with VAPI_SERVER_CREDENTIAL_ID: our webhook named with the credential's id, never the secret", async () => {
    const target = await line();
    const response = await sendTo(withCredential, vapiRequest(assistantRequest(target)));
    const text = await answerText(response);
    for (const secret of secretValues()) expect(text).not.toContain(secret);
    const { assistant } = (JSON.parse(text.slice(text.indexOf("\n{") + 1)) as { assistant: { server: unknown; model: { tools: { server: unknown }[] } } });
    const server = { url: "https://receptionist.example/api/vapi-webhook", credentialId: "3f0e6c2a-cred-0000-0000-000000000001", timeoutSeconds: 20 };
    expect(assistant.server).toEqual(server);
    expect(assistant.model.tools.map((tool) => tool.server)).toEqual(Array(5).fill(server));
  });

  it("the message-taking assistant (a request without a call) carries no secret either", async () => {
    for (const service of [plain, withCredential]) {
      const response = await sendTo(service, vapiRequest({ message: { type: "assistant-request", call: {} } }));
      expect(response.status).toBe(200);
      const text = await answerText(response);
      expect(text).toContain("take a message");
      for (const secret of secretValues()) expect(text).not.toContain(secret);
    }
  });

  it("nor does any other answer: tool calls, health, the OpenAPI document, refusals", async () => {
    const target = await line();
    await sendTo(plain, vapiRequest(assistantRequest(target)));
    const requests = [
      vapiRequest(toolCalls({ ...target, calls: [{ id: "t1", name: "checkAvailability", args: { date: "2030-07-15" } }] })),
      vapiRequest(assistantRequest(target), "none"),
      vapiRequest(assistantRequest(target), { headers: { "x-vapi-secret": "wrong-secret-wrong-secret" } }),
      new Request("http://localhost/api/health"),
      new Request("http://localhost/api/openapi.json"),
      operatorRequest("/api/businesses", { key: "wrong-key-wrong-key-wrong-key" }),
      operatorRequest(`/api/businesses/${target.businessId}`),
    ];
    for (const request of requests) {
      const text = await answerText(await sendTo(plain, request));
      for (const secret of secretValues()) expect(text).not.toContain(secret);
    }
  });
});

describe("no URL comes from the request's headers", () => {
  it("a connect link points at the configured origin whatever Host and X-Forwarded-* say", async () => {
    const target = await line();
    const local = await sendTo(plain, operatorRequest(`/api/businesses/${target.businessId}/connect-link`, { method: "POST", headers: FORGED }));
    expect(local.status).toBe(201);
    const { url } = (await local.json()) as { url: string };
    expect(new URL(url).origin).toBe(plain.url);

    const deployed = await sendTo(withCredential, operatorRequest(`/api/businesses/${target.businessId}/connect-link`, { method: "POST", headers: FORGED }));
    expect(((await deployed.json()) as { url: string }).url).toMatch(/^https:\/\/receptionist\.example\/api\/calcom\/connect\?link=/);
  });

  it("the assistant's server URL ignores forwarded headers too", async () => {
    const target = await line();
    for (const [service, url] of [[withCredential, "https://receptionist.example"], [localWithCredential, localWithCredential.url]] as const) {
      const request = vapiRequest(assistantRequest({ ...target, callId: randomUUID() }));
      for (const [name, value] of Object.entries(FORGED)) request.headers.set(name, value);
      const text = await answerText(await sendTo(service, request));
      expect(text).not.toContain("evil.example");
      const { assistant } = JSON.parse(text.slice(text.indexOf("\n{") + 1)) as { assistant: { server: { url: string } } };
      expect(assistant.server.url).toBe(`${url}/api/vapi-webhook`);
    }
  });

  it("off production with nothing configured, links point at this machine's port", async () => {
    const target = await line();
    const response = await sendTo(plain, operatorRequest(`/api/businesses/${target.businessId}/connect-link`, { method: "POST", headers: { "x-forwarded-host": "evil.example" } }));
    const { url } = (await response.json()) as { url: string };
    expect(url.startsWith(`${plain.url}/api/calcom/connect?link=`)).toBe(true);
    expect(url).not.toContain("evil.example");
  });
});
