import { z } from "zod";
import type { Database } from "../db/database.js";
import { signToken } from "../crypto/signed-token.js";

/** POST /api/businesses/{id}/connect-link's answer. */
export const ConnectLinkSchema = z.object({
  url: z.url().describe("Send this to the business owner; it opens Cal.com's consent page. It connects once."),
  expiresAt: z.iso.datetime({ offset: true }),
});

/** Owners get the link by email and may open it days later; it still expires. */
export const CONNECT_LINK_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A link an operator sends to a business owner: it starts the Cal.com connection for that
 * business. The link carries a signed, expiring token, never a bare business id someone could
 * change. Null for an unknown business.
 */
export async function createConnectLink(
  db: Database,
  input: { businessId: string; baseUrl: string; now?: Date },
): Promise<z.infer<typeof ConnectLinkSchema> | null> {
  const connection = await db.calcomConnection(input.businessId);
  if (!connection) return null;
  const now = input.now ?? new Date();
  const token = signToken({ businessId: input.businessId }, { purpose: "calcom_connect_link", ttlSeconds: CONNECT_LINK_TTL_SECONDS, now });
  return {
    url: `${input.baseUrl}/api/calcom/connect?link=${encodeURIComponent(token)}`,
    expiresAt: new Date(now.getTime() + CONNECT_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}
