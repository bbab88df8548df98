import type { TokenPurpose } from "../crypto/token-cipher.js";

/** What the access-token column holds: an OAuth access token, or the API key an operator stored. */
export function accessTokenPurpose(authType: "oauth" | "api_key"): TokenPurpose {
  return authType === "oauth" ? "calcom_access_token" : "calcom_api_key";
}
