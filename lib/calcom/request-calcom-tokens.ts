import { createCalcomTransport, type CalcomTransportOptions } from "./calcom-transport.js";
import { OAuthTokensSchema, type CalcomTokens } from "./oauth-tokens-schema.js";

/** One of the four token request bodies of POST /v2/auth/oauth2/token (spec: OAuth2Exchange…/OAuth2Refresh…). */
export type TokenRequestBody = { client_id: string; client_secret?: string } & (
  | { grant_type: "authorization_code"; code: string; redirect_uri: string; code_verifier?: string }
  | { grant_type: "refresh_token"; refresh_token: string }
);

const SECRET_FIELDS = new Set(["client_secret", "code", "code_verifier", "refresh_token"]);

/**
 * POST /v2/auth/oauth2/token on the API host, as JSON. Never retried: a refresh token dies when used,
 * so a second attempt after a lost answer would fail anyway. 429s are remembered per client id.
 */
export function requestCalcomTokens(body: TokenRequestBody, options: CalcomTransportOptions = {}): Promise<CalcomTokens> {
  const secrets = Object.entries(body).flatMap(([field, value]) => (SECRET_FIELDS.has(field) && typeof value === "string" ? [value] : []));
  const transport = createCalcomTransport({ rateLimitKey: `oauth-client:${body.client_id}`, secrets }, options);
  return transport.send({ method: "POST", path: "/v2/auth/oauth2/token", body, schema: OAuthTokensSchema });
}
