import { refreshCalcomTokens } from "../calcom/refresh-calcom-tokens.js";
import type { RefreshedTokens } from "./calcom-access-token.js";

/** The production refresh: Cal.com's token endpoint (its CalcomError invalid_grant means reconnect). */
export async function refreshWithCalcom(refreshToken: string): Promise<RefreshedTokens> {
  const tokens = await refreshCalcomTokens({ refreshToken });
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
}
