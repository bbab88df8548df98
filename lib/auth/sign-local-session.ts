import { SignJWT } from "jose";
import { LOCAL_ISSUER } from "./local-sign-in.js";

/** A working day: long enough for the dashboard left open, short enough that a copied token dies. */
export const LOCAL_SESSION_TTL_SECONDS = 12 * 3600;

export interface LocalSession {
  accessToken: string;
  /** ISO time the token stops working. */
  expiresAt: string;
}

/**
 * A session token of the local sign-in, shaped as Supabase Auth shapes its users' access tokens
 * (HS256, aud and role `authenticated`, the user id as `sub`, the email) so that requireMember and
 * the database's policies treat both alike; only the issuer and the key differ.
 */
export async function signLocalSession(user: { userId: string; email: string | null }, secret: string, now = new Date()): Promise<LocalSession> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expires = issuedAt + LOCAL_SESSION_TTL_SECONDS;
  const accessToken = await new SignJWT({ role: "authenticated", ...(user.email ? { email: user.email } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(LOCAL_ISSUER)
    .setAudience("authenticated")
    .setSubject(user.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(secret));
  return { accessToken, expiresAt: new Date(expires * 1000).toISOString() };
}
