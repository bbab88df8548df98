import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CalcomError } from "../calcom/calcom-error.js";
import type { CalcomConnectionRow, FinishedRefresh, SealedCredentials } from "../db/calcom-queries.js";
import { log } from "../log.js";
import type { Database } from "../db/database.js";
import { openToken, sealToken } from "../crypto/token-cipher.js";
import { accessTokenPurpose } from "./calcom-token-purpose.js";

/** New OAuth tokens from Cal.com's token endpoint (refresh tokens rotate: the old one dies). */
export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export type ConnectionFailure = "not_connected" | "needs_reconnect" | "refresh_timed_out";

export class CalcomConnectionError extends Error {
  constructor(readonly reason: ConnectionFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CalcomConnectionError";
  }
}

export interface AccessTokenOptions {
  /** The connection when the caller has just read it (saves the round trip). */
  connection?: CalcomConnectionRow | null;
  /** Calls Cal.com's token endpoint; throws CalcomError invalid_grant when the grant is dead. */
  refresh: (refreshToken: string) => Promise<RefreshedTokens>;
  now?: () => Date;
  /** Refresh this long before expiry, so a token never dies mid-request (access tokens live 30 min). */
  marginMs?: number;
  /** Give up waiting for another caller's refresh after this long. */
  maxWaitMs?: number;
}

/** Longer than a refresh request may take (8 s timeout), so a live refresher keeps its lease;
 *  waiters give up only after a crashed refresher's lease would have run out. */
const LEASE_SECONDS = 12;
const MAX_WAIT_MS = 14_000;

/**
 * A usable Cal.com token for a business. API keys and OAuth tokens with time left cost one round
 * trip. When the access token is (nearly) expired, one caller takes a lease in the database and
 * refreshes; every concurrent caller waits for its result instead of spending the refresh token
 * too (Cal.com rotates refresh tokens, so a second refresh with the old one would fail and cut the
 * business off). A refused grant marks the business as needing to reconnect.
 */
export async function calcomAccessToken(db: Database, businessId: string, options: AccessTokenOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const margin = options.marginMs ?? 120_000;
  const connection = options.connection === undefined ? await db.calcomConnection(businessId) : options.connection;
  const credentials = connection?.credentials;
  if (!connection || !credentials) throw new CalcomConnectionError("not_connected", "this business has no Cal.com connection");
  if (connection.status === "needs_reconnect") throw new CalcomConnectionError("needs_reconnect", "the Cal.com connection must be reconnected");
  if (!needsRefresh(credentials, now(), margin)) return openAccess(credentials);

  const leaseId = randomUUID();
  const giveUpAt = now().getTime() + (options.maxWaitMs ?? MAX_WAIT_MS);
  for (let attempt = 0; now().getTime() < giveUpAt; attempt++) {
    const claim = await db.claimCalcomRefresh({ businessId, leaseId, leaseSeconds: LEASE_SECONDS, freshUntil: new Date(now().getTime() + margin) });
    if (claim.outcome === "missing") throw new CalcomConnectionError("not_connected", "this business has no Cal.com connection");
    if (claim.outcome === "needs_reconnect") throw new CalcomConnectionError("needs_reconnect", "the Cal.com connection must be reconnected");
    if (claim.outcome === "fresh") return openAccess(claim.credentials);
    if (claim.outcome === "claimed") return refreshUnderLease(db, claim.credentials, leaseId, options);
    await sleep(Math.min(50 * 2 ** attempt, 400));
  }
  throw new CalcomConnectionError("refresh_timed_out", "another request is still refreshing the Cal.com token");
}

function needsRefresh(credentials: SealedCredentials, now: Date, marginMs: number): boolean {
  if (credentials.auth_type === "api_key" || !credentials.access_token_expires_at) return false;
  return new Date(credentials.access_token_expires_at).getTime() - marginMs <= now.getTime();
}

function openAccess(credentials: SealedCredentials): string {
  return openToken(
    { ciphertext: credentials.access_token_encrypted, keyId: credentials.key_id },
    { businessId: credentials.business_id, purpose: accessTokenPurpose(credentials.auth_type) },
  );
}

async function refreshUnderLease(db: Database, credentials: SealedCredentials, leaseId: string, options: AccessTokenOptions): Promise<string> {
  const businessId = credentials.business_id;
  if (!credentials.refresh_token_encrypted) {
    await db.finishCalcomRefresh(businessId, leaseId, { needsReconnect: true });
    throw new CalcomConnectionError("needs_reconnect", "the Cal.com connection has no refresh token");
  }
  const refreshToken = openToken(
    { ciphertext: credentials.refresh_token_encrypted, keyId: credentials.key_id },
    { businessId, purpose: "calcom_refresh_token" },
  );
  let tokens: RefreshedTokens;
  try {
    tokens = await options.refresh(refreshToken);
  } catch (error) {
    const dead = error instanceof CalcomError && error.kind === "invalid_grant";
    await db.finishCalcomRefresh(businessId, leaseId, { needsReconnect: dead });
    if (dead) throw new CalcomConnectionError("needs_reconnect", "Cal.com refused the refresh token; the owner must reconnect", { cause: error });
    throw error;
  }
  // Sealed with the current key, which also re-seals tokens after a key rotation.
  const access = sealToken(tokens.accessToken, { businessId, purpose: "calcom_access_token" });
  const refresh = sealToken(tokens.refreshToken, { businessId, purpose: "calcom_refresh_token" });
  await storeRefreshedTokens(db, businessId, leaseId, {
    spentRefreshTokenEncrypted: credentials.refresh_token_encrypted,
    accessTokenEncrypted: access.ciphertext,
    refreshTokenEncrypted: refresh.ciphertext,
    keyId: access.keyId,
    accessTokenExpiresAt: tokens.expiresAt,
  });
  return tokens.accessToken;
}

/**
 * Cal.com has already killed the old refresh token, so new tokens that are not stored cut the
 * business off at the next refresh: try twice, and say so loudly if it still fails. The caller
 * keeps the (valid) access token either way.
 */
async function storeRefreshedTokens(db: Database, businessId: string, leaseId: string, result: FinishedRefresh): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      if (await db.finishCalcomRefresh(businessId, leaseId, result)) return;
      break;
    } catch (error) {
      if (attempt === 2) {
        log.error("calcom_refresh_not_stored", { businessId, error });
        return;
      }
      await sleep(100);
    }
  }
  log.error("calcom_refresh_not_stored", { businessId, reason: "the stored refresh token changed during the refresh" });
}
