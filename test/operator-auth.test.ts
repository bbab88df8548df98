import { describe, expect, it } from "vitest";
import { operations } from "../lib/openapi/openapi-document.js";
import { callApi } from "./support/operator-api.js";

const SOME_ID = "0b0e4a4e-0000-4000-8000-000000000000";
const operatorRoutes = operations
  .filter((operation) => operation.auth === "operator")
  .map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation.method.toUpperCase(), operation.path.replaceAll("{id}", SOME_ID)] as const);

// One check for every operator route the document lists (and the document lists every route
// file, see openapi.test.ts): no key, or a wrong one, is refused before anything else happens.
describe.each(operatorRoutes)("%s", (_name, method, url) => {
  it("refuses a request without the operator key with 401 and a Bearer challenge", async () => {
    const answer = await callApi(method, url, { key: null, body: method === "GET" ? undefined : {} });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="operator API"');
  });

  it("refuses a wrong operator key with 401", async () => {
    const answer = await callApi(method, url, { key: "not-the-admin-key-0123456789", body: method === "GET" ? undefined : {} });
    expect(answer.status).toBe(401);
  });
});

it("covers every operator route", () => {
  expect(operatorRoutes.map(([name]) => name)).toEqual(
    expect.arrayContaining(["POST /api/businesses", "GET /api/businesses", "GET /api/businesses/{id}", "PATCH /api/businesses/{id}", "GET /api/businesses/{id}/calls", "GET /api/calls/{id}", "GET /api/businesses/{id}/bookings"]),
  );
});
