// Without PUBLIC_BASE_URL or a Cal.com redirect URI, links point at this machine's port: never at
// a host named by the request (see test/public-base-url.test.ts for production).
delete process.env.CALCOM_REDIRECT_URI;

import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/businesses/[id]/connect-link.js";
import { verifyToken } from "../lib/crypto/signed-token.js";
import { operatorRequest } from "./support/operator-request.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const issue = (businessId: string, init: { key?: string | null; headers?: Record<string, string> } = {}) =>
  POST(operatorRequest(`/api/businesses/${businessId}/connect-link`, { method: "POST", ...init }));

describe("POST /api/businesses/{id}/connect-link", () => {
  it("returns a signed link to /api/calcom/connect that names the business only inside the signature", async () => {
    const { id } = await insertBusiness(sql);
    const response = await issue(id, { headers: { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "javascript" } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { url: string; expiresAt: string };
    const url = new URL(body.url);
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost:3000/api/calcom/connect");
    expect(body.url).not.toContain(id);
    const link = url.searchParams.get("link") ?? "";
    expect(verifyToken(link, { purpose: "calcom_connect_link" }).payload).toEqual({ businessId: id });
    const days = (new Date(body.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("answers 404 for an unknown business and 400 naming id for an id that is not a uuid", async () => {
    expect((await issue("0b0e4a4e-0000-4000-8000-000000000000")).status).toBe(404);
    const malformed = await issue("not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "bad_request", message: "id: must be a uuid" } });
  });

  it("requires the operator key", async () => {
    const { id } = await insertBusiness(sql);
    expect((await issue(id, { key: null })).status).toBe(401);
  });
});
