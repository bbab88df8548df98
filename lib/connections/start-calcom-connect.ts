import { z } from "zod";
import { calcomAuthorizeUrl } from "../calcom/calcom-authorize-url.js";
import { calcomOAuthConfig } from "../calcom/calcom-oauth-config.js";
import { createPkcePair } from "../crypto/pkce.js";
import { SignedTokenError, signToken, verifyToken } from "../crypto/signed-token.js";
import type { Database } from "../db/database.js";
import { newBrowserNonce, OAUTH_STATE_TTL_SECONDS } from "./oauth-cookie.js";

export type StartConnectResult =
  | { kind: "redirect"; location: string; browserNonce: string }
  | { kind: "invalid_link"; reason: "expired" | "invalid" | "used" }
  | { kind: "unknown_business" }
  | { kind: "not_configured" };

const LinkPayloadSchema = z.object({ businessId: z.uuid() });

/**
 * The owner opened a connect link: check it, remember this attempt (single-use state, PKCE
 * verifier server-side) and send the browser to Cal.com's consent page. The state names the
 * business inside a signature and carries a hash of a nonce only this browser holds (cookie).
 */
export async function startCalcomConnect(db: Database, input: { link: string; now?: Date }): Promise<StartConnectResult> {
  let businessId: string;
  let linkJti: string;
  try {
    const link = verifyToken(input.link, { purpose: "calcom_connect_link", now: input.now });
    businessId = LinkPayloadSchema.parse(link.payload).businessId;
    linkJti = link.jti;
  } catch (error) {
    if (error instanceof SignedTokenError) return { kind: "invalid_link", reason: error.reason === "expired" ? "expired" : "invalid" };
    if (error instanceof z.ZodError) return { kind: "invalid_link", reason: "invalid" };
    throw error;
  }
  let config;
  try {
    config = calcomOAuthConfig();
  } catch {
    return { kind: "not_configured" };
  }
  if (!(await db.calcomConnection(businessId))) return { kind: "unknown_business" };

  const now = input.now ?? new Date();
  const browser = newBrowserNonce();
  // A confidential client proves itself with its secret; a public one with PKCE (never both:
  // Cal.com refuses a token request carrying secret and verifier together).
  const pkce = config.clientSecret ? undefined : createPkcePair();
  const state = signToken({ businessId, browser: browser.hash }, { purpose: "calcom_oauth_state", ttlSeconds: OAUTH_STATE_TTL_SECONDS, now });
  const { jti, exp } = verifyToken(state, { purpose: "calcom_oauth_state", now });
  const fresh = await db.createCalcomOAuthState({ jti, businessId, linkJti, codeVerifier: pkce?.verifier ?? null, expiresAt: new Date(exp * 1000) });
  if (!fresh) return { kind: "invalid_link", reason: "used" };
  return { kind: "redirect", location: calcomAuthorizeUrl({ state, codeChallenge: pkce?.challenge }), browserNonce: browser.nonce };
}
