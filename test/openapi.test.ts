import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "../api/openapi.json.js";
import { loadRouteModule, readRouteTable } from "../scripts/local-server/route-table.js";
import { documentedBody, DocumentSchema, schemaValidator } from "./support/openapi-check.js";
import { callApi, templateOf } from "./support/operator-api.js";
import { repoRoot } from "./support/run-command.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const served = await GET(new Request("http://localhost/api/openapi.json"));
const documentText = await served.clone().text();
const document = DocumentSchema.parse(JSON.parse(documentText));
const METHODS = ["get", "post", "put", "patch", "delete"];

describe("GET /api/openapi.json", () => {
  it("is public JSON that browsers on other origins may load", () => {
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toContain("application/json");
    expect(served.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("is a valid OpenAPI 3.1 document (the OpenAPI Initiative's schema)", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat("media-range", /^[\w.+*-]+\/[\w.+*-]+/);
    // Its Schema Objects are `$dynamicRef: "#meta"`, which resolves to its own $defs/schema
    // (`{"$dynamicAnchor": "meta", "type": ["object", "boolean"]}`) unless schema-base.json extends
    // it; Ajv resolves that dynamic scope wrongly, so the plain $ref stands in for it.
    const specText = readFileSync(path.join(repoRoot, "test", "fixtures", "openapi-3.1-schema.json"), "utf8");
    const specSchema = JSON.parse(specText.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')) as object;
    const validate = ajv.compile(specSchema);
    expect(validate(JSON.parse(documentText)), ajv.errorsText(validate.errors)).toBe(true);
    const broken = JSON.parse(documentText) as { paths: Record<string, Record<string, { parameters?: unknown[] }>> };
    broken.paths["/api/businesses"]?.get?.parameters?.push({ name: "page" });
    expect(validate(broken)).toBe(false);
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\.1\.\d+$/), jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema" });
  });

  it("holds only valid JSON Schema 2020-12, every $ref resolving", () => {
    const { validatorFor } = schemaValidator(document);
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => validatorFor({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    }
    const refs = [...documentText.matchAll(/"\$ref":"([^"]+)"/g)].map(([, ref]) => ref ?? "");
    expect(refs.filter((ref) => !(ref.replace("#/components/schemas/", "") in document.components.schemas))).toEqual([]);
  });

  it("describes every route file under api/ and every method it exports, and nothing else", async () => {
    const routes = await readRouteTable(path.join(repoRoot, "api"));
    const fromFiles: string[] = [];
    for (const route of routes) {
      for (const method of (await loadRouteModule(route.file)).keys()) fromFiles.push(`${method.toLowerCase()} ${templateOf(route.segments)}`);
    }
    const fromDocument = Object.entries(document.paths).flatMap(([p, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m} ${p}`));
    expect(fromDocument.sort()).toEqual(fromFiles.sort());
  });

  it("names each operation once and says who may call it", () => {
    const ops = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) expect(op.security, String(op.operationId)).toBeDefined();
  });

  it("tells nothing secret: no key, token or credential appears in it", () => {
    for (const secret of ["test-admin-key-0123456789abcdef", "test-vapi-secret", "test-signing-secret", "0123456789abcdef0123456789abcdef"]) {
      expect(documentText).not.toContain(secret);
    }
    expect(Object.keys(document.components.schemas)).not.toContain("SealedCredentials");
    expect(documentText).not.toMatch(/access_token_encrypted|refresh_token|idempotencyFingerprint/);
  });

  it("matches its own answer", async () => {
    await documentedBody(await GET(new Request("http://localhost/api/openapi.json")), "get", "/api/openapi.json");
  });
});

// The operator routes' answers are checked against the document in every operator test
// (test/support/operator-api.ts); these are the routes that came before them.
describe("the document matches real answers of the other routes", () => {
  it("GET /api/health", async () => {
    const { GET: health } = await import("../api/health.js");
    expect(await documentedBody(await health(new Request("http://localhost/api/health")), "get", "/api/health")).toMatchObject({ status: "ok" });
  });

  it("POST /api/businesses/{id}/connect-link and GET /api/businesses/{id}/calcom", async () => {
    const { id } = await insertBusiness(sql);
    const link = await callApi<{ url: string }>("POST", `/api/businesses/${id}/connect-link`);
    expect(link.status).toBe(201);
    expect((await callApi("GET", `/api/businesses/${id}/calcom`)).body).toMatchObject({ status: "not_connected", eventTypes: [] });
    expect((await callApi("PATCH", `/api/businesses/${id}/calcom`, { body: { defaultEventTypeId: 1 } })).status).toBe(400);
    expect((await callApi("PUT", `/api/businesses/${id}/calcom`, { body: { apiKey: "nope" } })).status).toBe(400);

    const { GET: connect } = await import("../api/calcom/connect.js");
    const page = await connect(new Request(`http://localhost/api/calcom/connect?link=forged`));
    expect(page.status).toBe(400);
    await documentedBody(page, "get", "/api/calcom/connect");
  });

  it("GET /api/calcom/availability and POST /api/calcom/book in the built-in calendar, including a taken slot", async () => {
    const { id } = await insertBusiness(sql, { timezone: "UTC", business_hours: { mon: [{ open: "09:00", close: "12:00" }] } });
    const day = await callApi<{ slots: { start: string }[] }>("GET", `/api/calcom/availability?businessId=${id}&date=2030-07-15`);
    expect(day.status).toBe(200);
    const start = day.body.slots[0]?.start ?? "";
    const book = () => callApi("POST", "/api/calcom/book", { body: { businessId: id, start, name: "Ada Lovelace", phone: "+15551230000" } });
    expect((await book()).status).toBe(201);
    const taken = await book();
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { reason: "taken" } });
    expect((await callApi("GET", `/api/calcom/availability?businessId=${id}&date=2020-01-01`)).status).toBe(400);
  });

  it("POST /api/vapi-webhook", async () => {
    const { POST: webhook } = await import("../api/vapi-webhook.js");
    const body = JSON.stringify({ message: { type: "speech-update" } });
    const request = (secret: string) => new Request("http://localhost/api/vapi-webhook", { method: "POST", headers: { "x-vapi-secret": secret }, body });
    expect(await documentedBody(await webhook(request("test-vapi-secret-0123456789")), "post", "/api/vapi-webhook")).toEqual({});
    await documentedBody(await webhook(request("wrong-secret-0123456789")), "post", "/api/vapi-webhook");
  });

  it("refuses a response that does not match, so the checks above can fail", async () => {
    const wrong = Response.json({ status: "ok", database: "ok", migrations: "nine" });
    await expect(documentedBody(wrong, "get", "/api/health")).rejects.toThrow(/migrations/);
    await expect(documentedBody(Response.json({}, { status: 418 }), "get", "/api/health")).rejects.toThrow(/418/);
  });
});
