import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_SECURITY_HEADERS, isDashboardPath, SECURITY_HEADERS, type SecurityHeaders } from "../../lib/http/security-headers.js";
import { openApiDocument } from "../../lib/openapi/openapi-document.js";
import { signVapiBody } from "../../lib/vapi/verify-vapi-request.js";
import { endOfCallReport } from "../fixtures/vapi/end-of-call-report.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { deferredCleanup } from "../support/deferred-cleanup.js";
import { freePort } from "../support/free-port.js";
import { repoRoot } from "../support/run-command.js";
import { runningServiceForFile, testSecrets } from "../support/running-service.js";
import { startService } from "../support/service-process.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "../support/test-db.js";

// Issue 14, finding 8: each smaller hole, attacked through a real `npm start` on the test database.
const service = runningServiceForFile();
const sql = testSql();
const defer = deferredCleanup();
let businessId: string;
const line = { phoneNumberId: `pn-${randomUUID()}`, number: "" };

beforeAll(async () => {
  const business = await insertBusiness(sql, { vapi_phone_number_id: line.phoneNumberId });
  businessId = business.id;
  line.number = business.phone_number;
});
afterAll(() => sql.end());

const ADMIN = { authorization: `Bearer ${process.env.ADMIN_API_KEY ?? ""}` };

/** A request to the service, as an operator (with the admin key) unless `operator` is false. */
async function send(method: string, url: string, init: { body?: string; headers?: Record<string, string>; operator?: boolean } = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const headers = { ...(init.operator === false ? {} : ADMIN), "content-type": "application/json", ...init.headers };
  const response = await fetch(`${service.url}${url}`, { method, headers, body: init.body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const badRequest = (message: string) => JSON.stringify({ error: { code: "bad_request", message } });

/** Every operation of the OpenAPI document that takes an operator's JSON body. */
const OPERATOR_BODY_ROUTES = Object.entries(openApiDocument().paths ?? {}).flatMap(([template, operations]) =>
  Object.entries(operations as Record<string, { requestBody?: unknown; security?: Record<string, unknown>[] }>)
    .filter(([, operation]) => operation.requestBody !== undefined && operation.security?.some((scheme) => "operatorKey" in scheme))
    .map(([method, operation]) => [method.toUpperCase(), template, operation] as const),
);

describe("JSON nested 7,000 levels deep", () => {
  const deepArray = `${"[".repeat(7_000)}${"]".repeat(7_000)}`;
  const deepField = `{"name": ${'{"a":'.repeat(7_000)}1${"}".repeat(7_000)}}`;

  it("is looked for on every operator route that takes a body", () => {
    expect(OPERATOR_BODY_ROUTES.map(([method, template]) => `${method} ${template}`).sort()).toEqual([
      "PATCH /api/businesses/{id}",
      "PATCH /api/businesses/{id}/calcom",
      "POST /api/businesses",
      "POST /api/businesses/{id}/members",
      "POST /api/calcom/book",
      "PUT /api/businesses/{id}/calcom",
    ]);
  });

  it.each(OPERATOR_BODY_ROUTES.map(([method, template]) => [method, template]))("%s %s answers 400 naming the nesting, not 500", async (method, template) => {
    const url = template.replace("{id}", businessId);
    for (const body of [deepArray, deepField]) {
      const answer = await send(method, url, { body });
      expect({ status: answer.status, text: answer.text }).toEqual({ status: 400, text: badRequest("body: nested deeper than 64 levels") });
    }
  });

  it("in a VAPI message is tolerated: answered, and the call stored", async () => {
    const callId = randomUUID();
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
    // JSON.stringify cannot write such a value itself: the deep part goes in as text.
    const post = (payload: unknown, levels: number) => {
      const raw = JSON.stringify(payload).replace('"__deep__"', deep(levels));
      const signature = signVapiBody(raw, process.env.VAPI_WEBHOOK_SECRET ?? "", String(Math.floor(Date.now() / 1000)));
      return send("POST", "/api/vapi-webhook", { body: raw, headers: signature, operator: false });
    };
    for (const levels of [7_000, 100_000]) {
      const request = assistantRequest({ callId, ...line });
      const answered = await post({ message: { ...request.message, call: { ...request.message.call, metadata: "__deep__" } } }, levels);
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.text)).toHaveProperty("assistant");
      // The legacy function-call hashes its parameters with JSON.stringify, which a 7,000-deep value overflowed (a 500).
      const legacy = { type: "function-call", timestamp: Date.now(), call: { id: callId, phoneNumberId: line.phoneNumberId }, phoneNumber: { id: line.phoneNumberId, number: line.number }, functionCall: { name: "checkAvailability", parameters: { date: "__deep__" } } };
      const tool = await post({ message: legacy }, levels);
      expect(tool.status).toBe(200);
      expect(JSON.parse(tool.text)).toEqual({ result: expect.any(String) });
    }
    const ended = new Date().toISOString();
    const report = endOfCallReport({ callId, ...line, startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: ended });
    const stored = await post({ message: { ...report.message, analysis: { ...report.message.analysis, structuredData: "__deep__" } } }, 7_000);
    expect(stored.status).toBe(200);
    const [call] = await sql<{ summary: string | null }[]>`select summary from public.calls where business_id = ${businessId} and vapi_call_id = ${callId}`;
    expect(call?.summary).toBe(report.message.analysis.summary);
  });
});

describe("overlapping opening hours", () => {
  const overlapping = { mon: [{ open: "09:00", close: "12:00" }, { open: "10:00", close: "13:00" }] };

  it("are refused by the API, naming the interval and the one it overlaps", async () => {
    const created = await send("POST", "/api/businesses", { body: JSON.stringify({ name: "Overlap Dental", phoneNumber: uniquePhoneNumber(), timezone: "America/New_York", businessHours: overlapping }) });
    expect({ status: created.status, text: created.text }).toEqual({ status: 400, text: badRequest("businessHours.mon.1: overlaps 09:00-12:00") });
    const patched = await send("PATCH", `/api/businesses/${businessId}`, { body: JSON.stringify({ businessHours: { tue: [{ open: "13:00", close: "17:00" }, { open: "08:00", close: "13:30" }] } }) });
    expect({ status: patched.status, text: patched.text }).toEqual({ status: 400, text: badRequest("businessHours.tue.1: overlaps 13:00-17:00") });
  });

  it("that only touch (09:00-12:00, 12:00-13:00) are accepted", async () => {
    const hours = { mon: [{ open: "09:00", close: "12:00" }, { open: "12:00", close: "13:00" }] };
    const patched = await send("PATCH", `/api/businesses/${businessId}`, { body: JSON.stringify({ businessHours: hours }) });
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.text)).toMatchObject({ businessHours: hours });
  });

  it("are refused by the database too, for a write that does not come through the API", async () => {
    const refused = await sql`update public.businesses set business_hours = ${sql.json(overlapping)} where id = ${businessId}`.catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "23514", constraint_name: "businesses_business_hours_no_overlap" });
  });
});

describe("security headers", () => {
  const expectSecurityHeaders = (headers: Headers, set: SecurityHeaders = SECURITY_HEADERS) => {
    for (const [name, value] of Object.entries(set)) expect(headers.get(name), name).toBe(value);
  };

  it("are the ones DESIGN §6 asks for", () => {
    expect(SECURITY_HEADERS["x-content-type-options"]).toBe("nosniff");
    expect(SECURITY_HEADERS["referrer-policy"]).toBe("no-referrer");
    expect(SECURITY_HEADERS["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(SECURITY_HEADERS["content-security-policy"]).toMatch(/^default-src 'none';/);
  });

  it("let the dashboard run its own modules and nothing inline, and still forbid framing", () => {
    const policy = DASHBOARD_SECURITY_HEADERS["content-security-policy"];
    expect(policy).toMatch(/^default-src 'none';/);
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*;|http:/);
    expect(DASHBOARD_SECURITY_HEADERS["referrer-policy"]).toBe("no-referrer");
  });

  it.each([
    ["an API answer", "GET", "/api/health", 200, "application/json"],
    ["an error answer", "GET", "/api/businesses?limit=0", 400, "application/json"],
    ["a request without the operator key", "GET", "/api/businesses", 401, "application/json"],
    ["a request for no route", "GET", "/api/no-such-route", 404, "application/json"],
    ["a wrong method", "DELETE", "/api/health", 405, "application/json"],
    ["an HTML page of the API", "GET", "/api/calcom/connect?link=not-a-link", 400, "text/html"],
    ["a public/ page", "GET", "/index.html", 200, "text/html"],
    ["the pages' stylesheet", "GET", "/page.css", 200, "text/css"],
    ["a missing public/ file", "GET", "/no-such-file.html", 404, ""],
    ["the dashboard (its own set)", "GET", "/dashboard/", 200, "text/html"],
    ["the dashboard without the trailing slash (its own set)", "GET", "/dashboard", 200, "text/html"],
    ["a dashboard module (its own set)", "GET", "/dashboard/app.js", 200, "text/javascript"],
  ])("are on %s", async (what, method, url, status, type) => {
    const answer = await send(method, url, { operator: !what.includes("without the operator key") });
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type") ?? "").toContain(type);
    expectSecurityHeaders(answer.headers, what.includes("its own set") ? DASHBOARD_SECURITY_HEADERS : SECURITY_HEADERS);
  });

  it("are what vercel.json gives the public/ files Vercel serves itself: the dashboard's set under /dashboard, the strict one elsewhere", async () => {
    const config = JSON.parse(await readFile(path.join(repoRoot, "vercel.json"), "utf8")) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    const sets = Object.fromEntries(config.headers.map(({ source, headers }) => [source, Object.fromEntries(headers.map(({ key, value }) => [key.toLowerCase(), value]))]));
    // Two sources that split every path between them (no path gets both, so no order of
    // precedence matters), the same split as isDashboardPath.
    expect(sets).toEqual({ "/((?!dashboard).*)": SECURITY_HEADERS, "/dashboard(.*)": DASHBOARD_SECURITY_HEADERS });
    for (const [pathname, source] of [["/", 0], ["/page.css", 0], ["/api/health", 0], ["/dashboard", 1], ["/dashboard/", 1], ["/dashboard/app.js", 1]] as const) {
      const matching = Object.keys(sets).filter((pattern) => new RegExp(`^${pattern}$`).test(pathname));
      expect(matching, pathname).toEqual([Object.keys(sets)[source]]);
      expect(isDashboardPath(pathname), pathname).toBe(source === 1);
    }
  });

  it("leave the pages working: no inline script or style, only the stylesheet the policy allows", async () => {
    const dir = path.join(repoRoot, "public");
    const pages = (await readdir(dir)).filter((file) => file.endsWith(".html"));
    const served = await send("GET", "/api/calcom/connect?link=not-a-link");
    for (const html of [...(await Promise.all(pages.map((file) => readFile(path.join(dir, file), "utf8")))), served.text]) {
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
      for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)) expect(href).toBe("/page.css");
    }
  });
});

describe("npm start's output", () => {
  it("shows the operator's two secrets and never the signing, token-encryption or local session key", async () => {
    for (const name of ["SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]) expect(service.output()).not.toContain(process.env[name]);

    // The embedded database is where npm start supplies secrets, here all four from its secrets file.
    const dir = await mkdtemp(path.join(tmpdir(), "npm-start-secrets-"));
    await chmod(dir, 0o755);
    defer(() => rm(dir, { recursive: true, force: true }));
    const secretsFile = path.join(dir, "local-secrets.json");
    const localSessionSecret = "local-session-secret-of-the-secrets-file-0123";
    await writeFile(secretsFile, JSON.stringify({ ...testSecrets(), LOCAL_SESSION_SECRET: localSessionSecret }), { mode: 0o600 });
    const env = { NODE_ENV: "development", PORT: String(await freePort()), EMBEDDED_DB_DIR: path.join(dir, "pg"), EMBEDDED_DB_PORT: String(await freePort()), LOCAL_SECRETS_FILE: secretsFile };
    const embedded = await startService(env);
    defer(() => embedded.stop("SIGKILL"));
    await embedded.stop();
    const output = embedded.output();
    expect(output).toContain(`Secrets not set in the environment come from ${secretsFile}:`);
    expect(output).toContain(`  ADMIN_API_KEY=${process.env.ADMIN_API_KEY}\n`);
    expect(output).toContain(`  VAPI_WEBHOOK_SECRET=${process.env.VAPI_WEBHOOK_SECRET}\n`);
    expect(output).toContain("  SIGNING_SECRET, TOKEN_ENCRYPTION_KEY, LOCAL_SESSION_SECRET: in that file, not shown\n");
    for (const name of ["SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]) expect(output).not.toContain(process.env[name]);
    expect(output).not.toContain(localSessionSecret);
  });
});

describe("times and headers Postgres would refuse", () => {
  const cursor = (scope: string, at: string) => Buffer.from(JSON.stringify([scope, at, randomUUID()]), "utf8").toString("base64url");
  const RANGE = "must be between 0001-01-02 and 9999-12-30";

  it.each([
    ["calls from a year-0000 date", () => `/api/businesses/${businessId}/calls?from=0000-01-01`, `from: ${RANGE}`],
    ["calls to a year-0000 instant", () => `/api/businesses/${businessId}/calls?to=0000-06-01T00:00:00Z`, `to: ${RANGE}`],
    ["bookings from an instant past 9999", () => `/api/businesses/${businessId}/bookings?from=${encodeURIComponent("9999-12-31T23:00:00-05:00")}`, `from: ${RANGE}`],
    ["bookings to an offset no clock has", () => `/api/businesses/${businessId}/bookings?to=${encodeURIComponent("2026-03-02T09:00:00+23:00")}`, "to: the offset must be at most ±15:59"],
    ["calls after a year-0000 cursor", () => `/api/businesses/${businessId}/calls?cursor=${cursor(`calls:${businessId}`, "0000-01-01T00:00:00Z")}`, "cursor: not a cursor of this list; pass the previous page's nextCursor unchanged, or leave it out to start again"],
    ["bookings after a year-0000 cursor", () => `/api/businesses/${businessId}/bookings?cursor=${cursor(`bookings:${businessId}`, "0000-01-01T00:00:00Z")}`, "cursor: not a cursor of this list; pass the previous page's nextCursor unchanged, or leave it out to start again"],
    ["businesses after a cursor with an unreadable offset", () => `/api/businesses?cursor=${cursor("businesses", "2026-01-01T00:00:00+23:59")}`, "cursor: not a cursor of this list; pass the previous page's nextCursor unchanged, or leave it out to start again"],
    ["availability on a year-0000 day", () => `/api/calcom/availability?businessId=${businessId}&date=0000-01-01`, `date: ${RANGE}`],
    ["availability on the last day of 9999", () => `/api/calcom/availability?businessId=${businessId}&date=9999-12-31`, `date: ${RANGE}`],
  ])("%s is a 400 naming the parameter", async (_what, url, message) => {
    const answer = await send("GET", url());
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 400, text: badRequest(message) });
  });

  it.each([
    ["0000-01-01T10:00:00Z", `start: ${RANGE}`],
    ["0000-01-01T10:00", `start: ${RANGE}`],
    ["9999-12-31T23:00:00-05:00", `start: ${RANGE}`],
    ["9999-12-31T23:30", `start: ${RANGE}`],
  ])("a booking starting %s is a 400 naming start", async (start, message) => {
    const answer = await send("POST", "/api/calcom/book", { body: JSON.stringify({ businessId, start, name: "Ada Lovelace", phone: "+15551234567" }) });
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 400, text: badRequest(message) });
  });

  it("an Idempotency-Key over 200 characters is a 400 naming the header", async () => {
    const body = JSON.stringify({ businessId, start: "2030-07-15T10:00", name: "Ada Lovelace", phone: "+15551234567" });
    const answer = await send("POST", "/api/calcom/book", { body, headers: { "idempotency-key": "k".repeat(201) } });
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 400, text: badRequest("Idempotency-Key: at most 200 characters") });
  });
});
