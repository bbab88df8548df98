import { z } from "zod";
import { CalcomError } from "../calcom/calcom-error.js";
import { createCalcomClient } from "../calcom/create-calcom-client.js";
import { exchangeAuthorizationCode } from "../calcom/exchange-authorization-code.js";
import { SignedTokenError, verifyToken } from "../crypto/signed-token.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { nonceHash } from "./oauth-cookie.js";
import { saveCalcomConnection, storedEventType } from "./save-calcom-connection.js";

export type FinishConnectResult =
  | { kind: "connected"; businessId: string }
  | { kind: "denied" }
  | { kind: "invalid_state"; reason: "expired" | "forged" | "used" | "other_browser" }
  | { kind: "exchange_failed" };

export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  /** The nonce cookie of the browser that came back. */
  browserNonce?: string;
  now?: Date;
}

const StatePayloadSchema = z.object({ businessId: z.uuid(), browser: z.string() });

/**
 * Cal.com sent the owner back. Nothing is stored unless every check passes: a genuine, unexpired
 * state, from the browser that started (cookie), used for the first time (the stored attempt is
 * consumed), a code Cal.com exchanges for tokens, and an account we can read.
 */
export async function finishCalcomConnect(db: Database, params: CallbackParams): Promise<FinishConnectResult> {
  let payload: z.infer<typeof StatePayloadSchema>;
  let jti: string;
  try {
    const verified = verifyToken(params.state ?? "", { purpose: "calcom_oauth_state", now: params.now });
    payload = StatePayloadSchema.parse(verified.payload);
    jti = verified.jti;
  } catch (error) {
    if (error instanceof SignedTokenError && error.reason === "expired") return { kind: "invalid_state", reason: "expired" };
    if (error instanceof SignedTokenError || error instanceof z.ZodError) return { kind: "invalid_state", reason: "forged" };
    throw error;
  }
  if (!params.browserNonce || nonceHash(params.browserNonce) !== payload.browser) return { kind: "invalid_state", reason: "other_browser" };
  const attempt = await db.consumeCalcomOAuthState(jti);
  if (!attempt || attempt.businessId !== payload.businessId) return { kind: "invalid_state", reason: "used" };
  if (params.error || !params.code) return { kind: "denied" };

  try {
    const tokens = await exchangeAuthorizationCode({ code: params.code, codeVerifier: attempt.codeVerifier ?? undefined });
    const client = createCalcomClient({ token: tokens.accessToken });
    const [me, eventTypes] = await Promise.all([client.getMe(), client.listEventTypes()]);
    await saveCalcomConnection(db, {
      businessId: attempt.businessId,
      authType: "oauth",
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      account: { id: me.id, username: me.username, email: me.email, name: me.name },
      scope: tokens.scope,
      eventTypes: eventTypes.map((e) => storedEventType(e, me.timeZone)),
    });
    await db.spendCalcomConnectLink(attempt.linkJti, attempt.businessId);
    return { kind: "connected", businessId: attempt.businessId };
  } catch (error) {
    if (!(error instanceof CalcomError)) throw error;
    log.warn("calcom_connect_failed", { businessId: attempt.businessId, kind: error.kind, status: error.status });
    return { kind: "exchange_failed" };
  }
}
