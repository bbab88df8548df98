import type { CalcomTransportOptions } from "./calcom-transport.js";
import { calcomOAuthConfig, type CalcomOAuthOptions } from "./calcom-oauth-config.js";
import type { CalcomTokens } from "./oauth-tokens-schema.js";
import { requestCalcomTokens } from "./request-calcom-tokens.js";

/**
 * Trades a refresh token for new tokens. Cal.com rotates refresh tokens: the one sent dies and the
 * answer holds its successor, so store it before anything else (and refresh under a lock). A dead
 * refresh token is an invalid_grant CalcomError: the business must reconnect.
 */
export function refreshCalcomTokens(request: { refreshToken: string }, options: CalcomTransportOptions & CalcomOAuthOptions = {}): Promise<CalcomTokens> {
  const { clientId, clientSecret } = calcomOAuthConfig(options);
  const body = { client_id: clientId, grant_type: "refresh_token", refresh_token: request.refreshToken } as const;
  return requestCalcomTokens(clientSecret === undefined ? body : { ...body, client_secret: clientSecret }, options);
}
