import { z } from "zod";
import { signToken } from "../crypto/signed-token.js";

/** Long enough to copy from a terminal into a browser, short enough that a scrolled-back one is dead. */
export const SIGN_IN_LINK_TTL_SECONDS = 15 * 60;

export const SignInLinkSchema = z.object({
  url: z.url().describe("Opens the dashboard signed in as the member. It works once, within 15 minutes."),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type SignInLink = z.infer<typeof SignInLinkSchema>;

/** Where the token sits in the link: after this, in the dashboard URL's fragment. */
export const SIGN_IN_FRAGMENT = "#sign-in=";

/** What a sign-in link's signed token carries: whom it signs in, nothing secret. */
export const SignInLinkPayloadSchema = z.strictObject({ userId: z.uuid() });

/**
 * A one-time link into the dashboard for a member of npm start's embedded database. The signed
 * token goes in the fragment (`#sign-in=`), which browsers send to no server and put in no
 * Referer, so it reaches no log; the page posts it to POST /api/member/sign-in, which spends it.
 */
export function createSignInLink(input: { userId: string; baseUrl: string; now?: Date }): SignInLink {
  const now = input.now ?? new Date();
  const payload = SignInLinkPayloadSchema.parse({ userId: input.userId });
  const token = signToken(payload, { purpose: "member_sign_in_link", ttlSeconds: SIGN_IN_LINK_TTL_SECONDS, now });
  return {
    url: `${input.baseUrl}/dashboard/${SIGN_IN_FRAGMENT}${token}`,
    expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}
