// This file's Cal.com OAuth client is a public one (no secret): PKCE proves the code is ours.
// Logs are on, and everything written to stdout/stderr is kept, to look for tokens in it.
process.env.CALCOM_CLIENT_ID = "test-public-client-id";
delete process.env.CALCOM_CLIENT_SECRET;
process.env.LOG_LEVEL = "debug";

import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as availability } from "../api/calcom/availability.js";
import { GET as connect } from "../api/calcom/connect.js";
import { GET as callback } from "../api/calcom/oauth.js";
import { createConnectLink } from "../lib/connections/create-connect-link.js";
import { getDatabase } from "../lib/db/get-database.js";
import { answers } from "./mocks/calcom-answers.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { operatorRequest } from "./support/operator-request.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

let output = "";
beforeEach(() => {
  output = "";
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

async function connectBusiness(businessId: string) {
  const link = await createConnectLink(await getDatabase(), { businessId, baseUrl: "https://receptionist.example" });
  const started = await connect(new Request(link?.url ?? ""));
  const authorize = new URL(started.headers.get("location") ?? "");
  const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const back = await callback(
    new Request(`https://receptionist.example/api/calcom/oauth?code=public-code-1&state=${encodeURIComponent(authorize.searchParams.get("state") ?? "")}`, { headers: { cookie } }),
  );
  return { authorize, back };
}

describe("a public Cal.com client (PKCE, no secret)", () => {
  it("sends an S256 challenge, proves it with the verifier, and never sends a secret", async () => {
    const { id } = await insertBusiness(sql);
    const { authorize, back } = await connectBusiness(id);
    expect(back.status).toBe(302);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const [exchange] = calcom.requestsTo("POST /v2/auth/oauth2/token");
    const body = exchange?.body as Record<string, string>;
    expect(body).toMatchObject({ grant_type: "authorization_code", client_id: "test-public-client-id", code: "public-code-1" });
    expect(body).not.toHaveProperty("client_secret");
    const challenge = createHash("sha256").update(body.code_verifier ?? "").digest("base64url");
    expect(challenge).toBe(authorize.searchParams.get("code_challenge"));
  });

  it("leaves no token, code or verifier in the credentials table or the logs after a connect, a refresh and a failure", async () => {
    const { id } = await insertBusiness(sql);
    await connectBusiness(id);
    // The access token runs out; the next check refreshes it (tokens rotate).
    await sql`update calcom_credentials set access_token_expires_at = now() - interval '1 minute' where business_id = ${id}`;
    expect((await availability(operatorRequest(`/api/calcom/availability?businessId=${id}&date=2030-07-15`))).status).toBe(200);
    // And a failure, which is logged with its cause.
    calcom.answer("GET /v2/slots", answers.serverError());
    expect((await availability(operatorRequest(`/api/calcom/availability?businessId=${id}&date=2030-07-16`))).status).toBe(502);
    expect(output).toContain("request_failed");

    const secrets = calcom.requestsTo("POST /v2/auth/oauth2/token").flatMap((request) => {
      const body = request.body as Record<string, string>;
      return [body.code, body.code_verifier, body.refresh_token].filter((v): v is string => typeof v === "string");
    });
    const sent = calcom.requests.map((r) => r.headers.get("authorization")?.replace("Bearer ", "")).filter((v): v is string => Boolean(v));
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sent).size).toBe(2); // the first access token and its refreshed successor
    const [row] = await sql`select to_jsonb(c)::text as text from calcom_credentials c where business_id = ${id}`;
    const live = [...calcom.state.liveRefreshTokens]; // the refresh token issued by the refresh, never sent yet
    expect(live).toHaveLength(1);
    for (const secret of [...secrets, ...sent, ...live]) {
      expect(row?.text).not.toContain(secret);
      expect(output).not.toContain(secret);
    }
  });
});
