import { z } from "zod";
import { CalcomError } from "../calcom/calcom-error.js";
import { createCalcomClient } from "../calcom/create-calcom-client.js";
import type { CalcomConnectionRow } from "../db/calcom-queries.js";
import type { Database } from "../db/database.js";
import { saveCalcomConnection, storedEventType } from "./save-calcom-connection.js";

/** PUT /api/businesses/{id}/calcom's body. Cal.com API keys start with cal_ (cal_live_ for live ones). */
export const ApiKeyConnectionSchema = z.object({
  apiKey: z.string().trim().regex(/^cal_[A-Za-z0-9_-]{8,200}$/, "must be a Cal.com API key (it starts with cal_)"),
  eventTypeId: z.number().int().positive().optional(),
});

/** PATCH /api/businesses/{id}/calcom's body. */
export const DefaultEventTypeSchema = z.object({ defaultEventTypeId: z.number().int().positive() });

export type ApiKeyConnectResult =
  | { kind: "connected"; connection: CalcomConnectionRow }
  | { kind: "unknown_business" }
  | { kind: "key_refused" }
  | { kind: "unknown_event_type"; offered: number[] }
  | { kind: "rate_limited"; retryAfterSeconds: number | undefined }
  | { kind: "calcom_unavailable" };

/**
 * Connects a business with an API key instead of OAuth: the key is checked with /v2/me (and its
 * event types read) before anything is stored, then stored sealed. No refresh: keys do not expire
 * unless their owner set an expiry, and then Cal.com answers 401 and the business must reconnect.
 */
export async function connectWithApiKey(
  db: Database,
  input: { businessId: string } & z.infer<typeof ApiKeyConnectionSchema>,
): Promise<ApiKeyConnectResult> {
  if (!(await db.calcomConnection(input.businessId))) return { kind: "unknown_business" };
  const client = createCalcomClient({ token: input.apiKey });
  let me, eventTypes;
  try {
    [me, eventTypes] = await Promise.all([client.getMe(), client.listEventTypes()]);
  } catch (error) {
    if (!(error instanceof CalcomError)) throw error;
    if (error.kind === "unauthorized" || error.kind === "bad_request") return { kind: "key_refused" };
    if (error.kind === "rate_limited") return { kind: "rate_limited", retryAfterSeconds: error.retryAfterSeconds };
    return { kind: "calcom_unavailable" };
  }
  if (input.eventTypeId !== undefined && !eventTypes.some((e) => e.id === input.eventTypeId)) {
    return { kind: "unknown_event_type", offered: eventTypes.map((e) => e.id) };
  }
  const connection = await saveCalcomConnection(db, {
    businessId: input.businessId,
    authType: "api_key",
    accessToken: input.apiKey,
    refreshToken: null,
    expiresAt: null,
    account: { id: me.id, username: me.username, email: me.email, name: me.name },
    scope: null,
    eventTypes: eventTypes.map((e) => storedEventType(e, me.timeZone)),
    defaultEventTypeId: input.eventTypeId ?? null,
  });
  return { kind: "connected", connection };
}
