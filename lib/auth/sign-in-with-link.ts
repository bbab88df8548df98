import { z } from "zod";
import { MAX_SIGNED_TOKEN_LENGTH, SignedTokenError, verifyToken, type VerifiedToken } from "../crypto/signed-token.js";
import type { SignInQueries } from "../db/sign-in-queries.js";
import { ApiError } from "../http/api-error.js";
import { SIGN_IN_FRAGMENT as FRAGMENT, SignInLinkPayloadSchema } from "./create-sign-in-link.js";
import { signLocalSession } from "./sign-local-session.js";

/** POST /api/member/sign-in's body: the token of the link (`#sign-in=<token>`), or the whole link. */
export const SignInBodySchema = z.strictObject({
  link: z
    .string()
    .min(1, "send the sign-in link's token")
    .max(MAX_SIGNED_TOKEN_LENGTH + 2048, "is too long to be a sign-in link")
    .describe("The token after `#sign-in=` in the link npm start printed (the whole link is accepted too)."),
});

export const SignInAnswerSchema = z.object({
  accessToken: z.string().describe("Send it as `Authorization: Bearer` to the member routes. Keep it in sessionStorage, never in a URL."),
  expiresAt: z.iso.datetime({ offset: true }).describe("When the session ends (12 hours after sign-in); sign in again with a new link."),
  userId: z.uuid(),
  email: z.string().nullable(),
});
export type SignInAnswer = z.infer<typeof SignInAnswerSchema>;

const CHALLENGE = { headers: { "www-authenticate": 'Bearer realm="members"' } };
const NEW_LINK = "npm start prints new ones, and npm run cli -- members link <businessId> <email> makes one";

/**
 * The local sign-in: a one-time link (create-sign-in-link.ts) becomes a 12-hour session. The link
 * must be ours (signature), for this purpose, unexpired and unused; it is spent in the database
 * before the session is made, so a link signs in once even when two requests race with it.
 */
export async function signInWithLink(db: SignInQueries, link: string, secret: string, now = new Date()): Promise<SignInAnswer> {
  const verified = verifiedLink(link, now);
  const payload = SignInLinkPayloadSchema.safeParse(verified.payload);
  if (!payload.success) throw refused("link: not a sign-in link of this server");
  const { userId } = payload.data;
  const spent = await db.spendSignInLink({ jti: verified.jti, userId, expiresAt: new Date(verified.exp * 1000) });
  if (spent.outcome === "used") throw refused(`link: this sign-in link was already used (each link signs in once); ${NEW_LINK}`);
  if (spent.outcome === "unknown_user") throw refused("link: the member this link was made for no longer exists");
  const session = await signLocalSession({ userId, email: spent.email }, secret, now);
  return { ...session, userId, email: spent.email };
}

/** The link's signed token (the whole link may be pasted: the token is what follows #sign-in=). */
function verifiedLink(link: string, now: Date): VerifiedToken {
  const at = link.indexOf(FRAGMENT);
  const token = at < 0 ? link : link.slice(at + FRAGMENT.length);
  try {
    return verifyToken(token, { purpose: "member_sign_in_link", now });
  } catch (error) {
    if (!(error instanceof SignedTokenError)) throw error;
    if (error.reason === "expired") throw refused(`link: this sign-in link has expired (links work for 15 minutes); ${NEW_LINK}`);
    throw refused("link: not a sign-in link of this server");
  }
}

function refused(message: string): ApiError {
  return new ApiError("unauthorized", message, CHALLENGE);
}
