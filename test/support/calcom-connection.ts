import { randomUUID } from "node:crypto";
import { saveCalcomConnection } from "../../lib/connections/save-calcom-connection.js";
import { getDatabase } from "../../lib/db/get-database.js";
import type { CalcomFake } from "../mocks/calcom.js";

/**
 * Connects a business to the msw Cal.com fake's account as an OAuth connect would leave it: a
 * unique access token (Cal.com's 429 gate is per token, and must not carry over between tests),
 * a refresh token the fake honours once, and the cleaning event type (no email needed unless
 * `requiresEmail`). `expiresInMinutes` below 0 gives an expired access token. Returns the tokens.
 */
export async function connectToCalcomFake(
  calcom: CalcomFake,
  businessId: string,
  options: { expiresInMinutes?: number; requiresEmail?: boolean } = {},
): Promise<{ accessToken: string; refreshToken: string }> {
  const accessToken = `eyJ.access-${randomUUID()}.sig`;
  const { refreshToken } = calcom.issueTokens();
  await saveCalcomConnection(await getDatabase(), {
    businessId,
    authType: "oauth",
    accessToken,
    refreshToken,
    expiresAt: new Date(Date.now() + (options.expiresInMinutes ?? 30) * 60_000),
    account: { id: 4242, username: "smile-dental" },
    scope: null,
    eventTypes: [{ id: 101, slug: "cleaning", title: "Teeth cleaning", lengthInMinutes: 30, requiresEmail: options.requiresEmail ?? false, timeZone: null }],
  });
  return { accessToken, refreshToken };
}
