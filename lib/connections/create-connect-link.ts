import { z } from "zod";
import type { Database } from "../db/database.js";
import { signToken } from "../crypto/signed-token.js";

/** POST /api/businesses/{id}/connect-link's answer. */
export const ConnectLinkSchema = z.object({
  url: z.url().describe("Send this to the business owner; it opens Cal.com's consent page. It connects once."),
  expiresAt: z.iso.datetime({ offset: true }),
});

export type ConnectLink = z.infer<typeof ConnectLinkSchema>;

/** Owners get the link by email and may open it days later; it still expires. */
export const CONNECT_LINK_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A link an operator sends to a business owner: it starts the Cal.com connection for that
 * business. The link carries a signed, expiring token, never a bare business id someone could
 * change. Null for an unknown business.
 */
export async function createConnectLink(db: Database, input: { businessId: string; baseUrl: string; now?: Date }): Promise<ConnectLink | null> {
  const connection = await db.calcomConnection(input.businessId);
  if (!connection) return null;
  return signConnectLink(input);
}

/** The connect link of a business known to exist (and to be the asker's to connect): the one
 *  kind of link GET /api/calcom/connect takes, whoever asked for it. */
export function signConnectLink(input: { businessId: string; baseUrl: string; now?: Date; ttlSeconds?: number }): ConnectLink {
  const now = input.now ?? new Date();
  const ttlSeconds = input.ttlSeconds ?? CONNECT_LINK_TTL_SECONDS;
  const token = signToken({ businessId: input.businessId }, { purpose: "calcom_connect_link", ttlSeconds, now });
  return {
    url: `${input.baseUrl}/api/calcom/connect?link=${encodeURIComponent(token)}`,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
  };
}
