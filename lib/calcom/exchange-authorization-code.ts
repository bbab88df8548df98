import type { CalcomTransportOptions } from "./calcom-transport.js";
import { calcomOAuthConfig, type CalcomOAuthOptions } from "./calcom-oauth-config.js";
import type { CalcomTokens } from "./oauth-tokens-schema.js";
import { requestCalcomTokens } from "./request-calcom-tokens.js";

/**
 * Trades the code from the OAuth callback for tokens. A confidential client (CALCOM_CLIENT_SECRET
 * set) sends its secret and no verifier; a public client sends the PKCE verifier. Never both:
 * Cal.com rejects a body with extra fields (reference/calcom.md §1.2). A refused code is an
 * invalid_grant CalcomError.
 */
export function exchangeAuthorizationCode(
  request: { code: string; codeVerifier?: string },
  options: CalcomTransportOptions & CalcomOAuthOptions = {},
): Promise<CalcomTokens> {
  const { clientId, redirectUri, clientSecret } = calcomOAuthConfig(options);
  const common = { client_id: clientId, grant_type: "authorization_code", code: request.code, redirect_uri: redirectUri } as const;
  if (clientSecret !== undefined) return requestCalcomTokens({ ...common, client_secret: clientSecret }, options);
  if (request.codeVerifier === undefined) {
    throw new Error("a public Cal.com OAuth client (no CALCOM_CLIENT_SECRET) must send the PKCE code verifier");
  }
  return requestCalcomTokens({ ...common, code_verifier: request.codeVerifier }, options);
}
