import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { CalcomError } from "../lib/calcom/calcom-error.js";
import { getDatabase } from "../lib/db/get-database.js";
import { calcomAccessToken, CalcomConnectionError, type RefreshedTokens } from "../lib/connections/calcom-access-token.js";
import { saveCalcomConnection } from "../lib/connections/save-calcom-connection.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const eventTypes = [
  { id: 11, slug: "cleaning", title: "Cleaning", lengthInMinutes: 30, requiresEmail: false, timeZone: "America/New_York" },
  { id: 12, slug: "checkup", title: "Checkup", lengthInMinutes: 45, requiresEmail: true, timeZone: null },
];

/** Cal.com's token endpoint in miniature: refresh tokens rotate and the old one dies on use. */
function rotatingIssuer(firstRefreshToken: string, latencyMs = 50) {
  let live = firstRefreshToken;
  let calls = 0;
  return {
    calls: () => calls,
    refresh: async (refreshToken: string): Promise<RefreshedTokens> => {
      calls += 1;
      await sleep(latencyMs);
      if (refreshToken !== live) throw new CalcomError("invalid_grant", "invalid_refresh_token", { status: 400 });
      live = `refresh-${randomUUID()}`;
      return { accessToken: `access-${randomUUID()}`, refreshToken: live, expiresAt: new Date(Date.now() + 30 * 60_000) };
    },
  };
}

async function connectedBusiness(expiresAt: Date | null, authType: "oauth" | "api_key" = "oauth") {
  const { id } = await insertBusiness(sql);
  const tokens = { accessToken: `access-${randomUUID()}`, refreshToken: authType === "oauth" ? `refresh-${randomUUID()}` : null };
  await saveCalcomConnection(await getDatabase(), {
    businessId: id,
    authType,
    ...tokens,
    expiresAt,
    account: { id: 4242, username: "dr-smile" },
    scope: "EVENT_TYPE_READ BOOKING_READ BOOKING_WRITE",
    eventTypes,
  });
  return { id, ...tokens };
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("saveCalcomConnection", () => {
  it("stores the connection sealed, marks the business connected and picks a default event type", async () => {
    const { id, accessToken, refreshToken } = await connectedBusiness(minutesFromNow(30));
    const [row] = await sql`select to_jsonb(c)::text as text from calcom_credentials c where business_id = ${id}`;
    expect(row?.text).not.toContain(accessToken);
    expect(row?.text).not.toContain(refreshToken);
    const [business] = await sql`select calcom_status, calcom_default_event_type_id from businesses where id = ${id}`;
    expect(business).toEqual({ calcom_status: "connected", calcom_default_event_type_id: "12" });
    const stored = await sql`select event_type_id, requires_email from calcom_event_types where business_id = ${id} order by event_type_id`;
    expect(stored.map((e) => [Number(e.event_type_id), e.requires_email])).toEqual([[11, false], [12, true]]);
  });
});

describe("calcomAccessToken", () => {
  it("returns a token with time left without refreshing it", async () => {
    const { id, accessToken, refreshToken } = await connectedBusiness(minutesFromNow(20));
    const issuer = rotatingIssuer(refreshToken ?? "");
    expect(await calcomAccessToken(await getDatabase(), id, { refresh: issuer.refresh })).toBe(accessToken);
    expect(issuer.calls()).toBe(0);
  });

  it("returns a stored API key as is; API keys never refresh", async () => {
    const { id, accessToken } = await connectedBusiness(null, "api_key");
    const issuer = rotatingIssuer("unused");
    expect(await calcomAccessToken(await getDatabase(), id, { refresh: issuer.refresh })).toBe(accessToken);
    expect(issuer.calls()).toBe(0);
  });

  it("makes exactly one refresh when 50 concurrent callers find the token expired, and all use its result", async () => {
    const { id, refreshToken } = await connectedBusiness(minutesFromNow(-1));
    const issuer = rotatingIssuer(refreshToken ?? "", 150);
    const db = await getDatabase();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => calcomAccessToken(db, id, { refresh: issuer.refresh })));
    expect(issuer.calls()).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^access-/);
    // The stored token is the new one: the next caller needs no refresh at all.
    expect(await calcomAccessToken(db, id, { refresh: issuer.refresh })).toBe(tokens[0]);
    expect(issuer.calls()).toBe(1);
  });

  it("refreshes ahead of expiry, inside the safety margin", async () => {
    const { id, refreshToken, accessToken } = await connectedBusiness(minutesFromNow(1));
    const issuer = rotatingIssuer(refreshToken ?? "");
    const token = await calcomAccessToken(await getDatabase(), id, { refresh: issuer.refresh, marginMs: 120_000 });
    expect(token).not.toBe(accessToken);
    expect(issuer.calls()).toBe(1);
  });

  it("marks the business as needing reconnect when Cal.com refuses the refresh token, then fails fast", async () => {
    const { id } = await connectedBusiness(minutesFromNow(-1));
    const issuer = rotatingIssuer("a-different-live-token");
    const db = await getDatabase();
    await expect(calcomAccessToken(db, id, { refresh: issuer.refresh })).rejects.toMatchObject({ reason: "needs_reconnect" });
    const [business] = await sql`select calcom_status from businesses where id = ${id}`;
    expect(business?.calcom_status).toBe("needs_reconnect");
    await expect(calcomAccessToken(db, id, { refresh: issuer.refresh })).rejects.toBeInstanceOf(CalcomConnectionError);
    expect(issuer.calls()).toBe(1);
  });

  it("makes one refresh request when 10 concurrent callers find the grant dead, and all hear reconnect", async () => {
    const { id } = await connectedBusiness(minutesFromNow(-1));
    const issuer = rotatingIssuer("a-different-live-token", 100);
    const db = await getDatabase();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => calcomAccessToken(db, id, { refresh: issuer.refresh })));
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof CalcomConnectionError && r.reason.reason === "needs_reconnect")).toBe(true);
    expect(issuer.calls()).toBe(1);
  });

  it("stores the new tokens even when its lease ran out during a slow refresh", async () => {
    const { id, refreshToken } = await connectedBusiness(minutesFromNow(-1));
    const issuer = rotatingIssuer(refreshToken ?? "");
    const slowRefresh = async (token: string) => {
      // Another caller's lease replaces ours while Cal.com answers.
      await sql`update calcom_credentials set refresh_lease_id = ${randomUUID()} where business_id = ${id}`;
      return issuer.refresh(token);
    };
    const db = await getDatabase();
    const token = await calcomAccessToken(db, id, { refresh: slowRefresh });
    expect(await calcomAccessToken(db, id, { refresh: issuer.refresh })).toBe(token);
    expect(issuer.calls()).toBe(1);
  });

  it("releases the lease after a failed refresh so the next caller can try again", async () => {
    const { id, refreshToken } = await connectedBusiness(minutesFromNow(-1));
    const db = await getDatabase();
    const failing = async () => Promise.reject(new Error("connect ECONNREFUSED"));
    await expect(calcomAccessToken(db, id, { refresh: failing })).rejects.toThrow("ECONNREFUSED");
    const issuer = rotatingIssuer(refreshToken ?? "");
    await expect(calcomAccessToken(db, id, { refresh: issuer.refresh, maxWaitMs: 2_000 })).resolves.toMatch(/^access-/);
    expect(issuer.calls()).toBe(1);
  });

  it("waits out the lease of a refresher that crashed, then refreshes", async () => {
    const { id, refreshToken } = await connectedBusiness(minutesFromNow(-1));
    await sql`update calcom_credentials set refresh_lease_id = ${randomUUID()}, refresh_lease_until = now() + interval '600 milliseconds' where business_id = ${id}`;
    const issuer = rotatingIssuer(refreshToken ?? "");
    await expect(calcomAccessToken(await getDatabase(), id, { refresh: issuer.refresh, maxWaitMs: 5_000 })).resolves.toMatch(/^access-/);
    expect(issuer.calls()).toBe(1);
  });

  it("refuses a business without a connection", async () => {
    const { id } = await insertBusiness(sql);
    await expect(calcomAccessToken(await getDatabase(), id, { refresh: rotatingIssuer("x").refresh })).rejects.toMatchObject({ reason: "not_connected" });
  });
});
