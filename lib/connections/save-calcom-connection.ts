import type { CalcomEventType } from "../calcom/event-type-schema.js";
import type { CalcomConnectionRow } from "../db/calcom-queries.js";
import type { Database } from "../db/database.js";
import { sealToken } from "../crypto/token-cipher.js";
import { accessTokenPurpose } from "./calcom-token-purpose.js";

/** What we keep of a Cal.com event type; its zone falls back to the account's. */
export function storedEventType(eventType: CalcomEventType, accountTimeZone: string | null): CalcomConnectionInput["eventTypes"][number] {
  return {
    id: eventType.id,
    slug: eventType.slug,
    title: eventType.title,
    lengthInMinutes: eventType.lengthInMinutes,
    requiresEmail: eventType.emailRequired,
    timeZone: eventType.timeZone ?? accountTimeZone,
  };
}

export interface CalcomConnectionInput {
  businessId: string;
  authType: "oauth" | "api_key";
  accessToken: string;
  /** OAuth only; rotates on every refresh. */
  refreshToken: string | null;
  expiresAt: Date | null;
  /** Email and name are shown to the business's members; older callers may leave them out. */
  account: { id: number; username: string | null; email?: string | null; name?: string | null };
  scope: string | null;
  eventTypes: { id: number; slug: string; title: string; lengthInMinutes: number; requiresEmail: boolean; timeZone: string | null }[];
  defaultEventTypeId?: number | null;
}

/** Seals the tokens (they never reach the database in plaintext) and stores the connection in one
 *  round trip, which also marks the business connected. */
export async function saveCalcomConnection(db: Database, input: CalcomConnectionInput): Promise<CalcomConnectionRow> {
  const access = sealToken(input.accessToken, { businessId: input.businessId, purpose: accessTokenPurpose(input.authType) });
  const refresh = input.refreshToken === null ? null : sealToken(input.refreshToken, { businessId: input.businessId, purpose: "calcom_refresh_token" });
  return db.storeCalcomConnection({
    businessId: input.businessId,
    authType: input.authType,
    accessTokenEncrypted: access.ciphertext,
    refreshTokenEncrypted: refresh?.ciphertext ?? null,
    keyId: access.keyId,
    accessTokenExpiresAt: input.expiresAt,
    calcomUserId: input.account.id,
    calcomUsername: input.account.username,
    calcomEmail: input.account.email ?? null,
    calcomName: input.account.name ?? null,
    scope: input.scope,
    eventTypes: input.eventTypes,
    defaultEventTypeId: input.defaultEventTypeId ?? null,
  });
}
