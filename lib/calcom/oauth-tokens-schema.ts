import { z } from "zod";

/** RFC 6749 §5.1, as POST /v2/auth/oauth2/token answers (OAuth2TokensDto; `scope` is sent but not in the spec). */
const FlatTokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

/** Older revisions wrapped the same tokens as `{ status: "success", data }` (reference/calcom.md §1.2). */
const WrappedTokensSchema = z.object({ status: z.literal("success"), data: FlatTokensSchema }).transform((body) => body.data);

/** The tokens with an absolute expiry, measured from when the answer was read. */
export const OAuthTokensSchema = z.union([FlatTokensSchema, WrappedTokensSchema]).transform((tokens) => ({
  accessToken: tokens.access_token,
  refreshToken: tokens.refresh_token,
  expiresAt: new Date(Date.now() + tokens.expires_in * 1000),
  scope: tokens.scope ?? null,
}));

export type CalcomTokens = z.output<typeof OAuthTokensSchema>;
