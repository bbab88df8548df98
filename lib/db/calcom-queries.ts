import { z } from "zod";
import type { DbTransport } from "./transport.js";

const CredentialsSchema = z.object({
  business_id: z.uuid(),
  auth_type: z.enum(["oauth", "api_key"]),
  access_token_encrypted: z.string(),
  refresh_token_encrypted: z.string().nullable(),
  key_id: z.string(),
  access_token_expires_at: z.string().nullable(),
  calcom_user_id: z.number().int().nullable(),
  calcom_username: z.string().nullable(),
  scope: z.string().nullable(),
});
export type SealedCredentials = z.infer<typeof CredentialsSchema>;

const EventTypeRowSchema = z
  .object({
    event_type_id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    length_minutes: z.number().int(),
    requires_email: z.boolean(),
    time_zone: z.string().nullable(),
  })
  .transform((e) => ({ id: e.event_type_id, slug: e.slug, title: e.title, lengthInMinutes: e.length_minutes, requiresEmail: e.requires_email, timeZone: e.time_zone }));
export type StoredEventType = z.output<typeof EventTypeRowSchema>;

export const ConnectionSchema = z
  .object({
    business_id: z.uuid(),
    status: z.enum(["not_connected", "connected", "needs_reconnect"]),
    default_event_type_id: z.number().int().nullable(),
    credentials: CredentialsSchema.nullable(),
    event_types: z.array(EventTypeRowSchema),
  })
  .nullable();
export type CalcomConnectionRow = NonNullable<z.infer<typeof ConnectionSchema>>;

const ClaimSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("missing") }),
  z.object({ outcome: z.literal("needs_reconnect") }),
  z.object({ outcome: z.enum(["fresh", "busy", "claimed"]), credentials: CredentialsSchema }),
]);
export type RefreshClaim = z.infer<typeof ClaimSchema>;

const OAuthStateSchema = z.object({ business_id: z.uuid(), link_jti: z.string(), code_verifier: z.string().nullable() }).nullable();

export interface NewCalcomConnection {
  businessId: string;
  authType: "oauth" | "api_key";
  accessTokenEncrypted: string;
  refreshTokenEncrypted: string | null;
  keyId: string;
  accessTokenExpiresAt: Date | null;
  calcomUserId: number;
  calcomUsername: string | null;
  calcomEmail?: string | null;
  calcomName?: string | null;
  scope: string | null;
  eventTypes: { id: number; slug: string; title: string; lengthInMinutes: number; requiresEmail: boolean; timeZone: string | null }[];
  defaultEventTypeId?: number | null;
}

export interface FinishedRefresh {
  /** The sealed refresh token this caller spent: lets it finish even if its lease ran out. */
  spentRefreshTokenEncrypted?: string;
  accessTokenEncrypted?: string;
  refreshTokenEncrypted?: string;
  keyId?: string;
  accessTokenExpiresAt?: Date;
  needsReconnect?: boolean;
}

export interface CalcomQueries {
  /** A business's Cal.com connection (sealed credentials, event types); null for an unknown business. */
  calcomConnection(businessId: string): Promise<CalcomConnectionRow | null>;
  /** Stores a connection and marks the business connected (an unknown business fails its foreign key). */
  storeCalcomConnection(connection: NewCalcomConnection): Promise<CalcomConnectionRow>;
  /** Who refreshes the token: see public.claim_calcom_refresh. */
  claimCalcomRefresh(query: { businessId: string; leaseId: string; leaseSeconds: number; freshUntil: Date }): Promise<RefreshClaim>;
  /** Ends the caller's lease (false when it was not theirs any more). */
  finishCalcomRefresh(businessId: string, leaseId: string, result: FinishedRefresh): Promise<boolean>;
  /** Cal.com refused this (still stored) credential: the owner must reconnect. */
  markCalcomNeedsReconnect(businessId: string, accessTokenEncrypted: string): Promise<void>;
  /** Null when the business is unknown or the event type is not one of its own. */
  setCalcomDefaultEventType(businessId: string, eventTypeId: number): Promise<CalcomConnectionRow | null>;
  /** False when the connect link has already been used to connect. */
  createCalcomOAuthState(state: { jti: string; businessId: string; linkJti: string; codeVerifier: string | null; expiresAt: Date }): Promise<boolean>;
  /** Uses a state once: the business, link and verifier, or null when unknown, used, expired or
   *  its link was spent meanwhile. */
  consumeCalcomOAuthState(jti: string): Promise<{ businessId: string; linkJti: string; codeVerifier: string | null } | null>;
  /** A connect link works once: spent when its attempt connects. */
  spendCalcomConnectLink(linkJti: string, businessId: string): Promise<void>;
}

export function calcomQueries(transport: DbTransport): CalcomQueries {
  return {
    async calcomConnection(businessId) {
      return ConnectionSchema.parse(await transport.value("calcom_connection", [{ name: "p_business_id", type: "uuid", value: businessId }]));
    },

    async storeCalcomConnection(c) {
      const stored = ConnectionSchema.parse(
        await transport.value("store_calcom_connection", [
          { name: "p_business_id", type: "uuid", value: c.businessId },
          { name: "p_auth_type", type: "text", value: c.authType },
          { name: "p_access_token_encrypted", type: "text", value: c.accessTokenEncrypted },
          { name: "p_refresh_token_encrypted", type: "text", value: c.refreshTokenEncrypted },
          { name: "p_key_id", type: "text", value: c.keyId },
          { name: "p_access_token_expires_at", type: "timestamptz", value: c.accessTokenExpiresAt?.toISOString() ?? null },
          { name: "p_calcom_user_id", type: "bigint", value: c.calcomUserId },
          { name: "p_calcom_username", type: "text", value: c.calcomUsername },
          { name: "p_scope", type: "text", value: c.scope },
          { name: "p_event_types", type: "jsonb", value: c.eventTypes },
          { name: "p_default_event_type_id", type: "bigint", value: c.defaultEventTypeId ?? null },
          { name: "p_calcom_email", type: "text", value: c.calcomEmail ?? null },
          { name: "p_calcom_name", type: "text", value: c.calcomName ?? null },
        ]),
      );
      if (!stored) throw new Error("store_calcom_connection returned nothing");
      return stored;
    },

    async claimCalcomRefresh({ businessId, leaseId, leaseSeconds, freshUntil }) {
      return ClaimSchema.parse(
        await transport.value("claim_calcom_refresh", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_lease_id", type: "uuid", value: leaseId },
          { name: "p_lease_seconds", type: "integer", value: leaseSeconds },
          { name: "p_fresh_until", type: "timestamptz", value: freshUntil.toISOString() },
        ]),
      );
    },

    async finishCalcomRefresh(businessId, leaseId, result) {
      return z.boolean().parse(
        await transport.value("finish_calcom_refresh", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_lease_id", type: "uuid", value: leaseId },
          { name: "p_access_token_encrypted", type: "text", value: result.accessTokenEncrypted ?? null },
          { name: "p_refresh_token_encrypted", type: "text", value: result.refreshTokenEncrypted ?? null },
          { name: "p_key_id", type: "text", value: result.keyId ?? null },
          { name: "p_access_token_expires_at", type: "timestamptz", value: result.accessTokenExpiresAt?.toISOString() ?? null },
          { name: "p_needs_reconnect", type: "boolean", value: result.needsReconnect ?? false },
          { name: "p_spent_refresh_token_encrypted", type: "text", value: result.spentRefreshTokenEncrypted ?? null },
        ]),
      );
    },

    async markCalcomNeedsReconnect(businessId, accessTokenEncrypted) {
      await transport.value("mark_calcom_needs_reconnect", [
        { name: "p_business_id", type: "uuid", value: businessId },
        { name: "p_access_token_encrypted", type: "text", value: accessTokenEncrypted },
      ]);
    },

    async setCalcomDefaultEventType(businessId, eventTypeId) {
      return ConnectionSchema.parse(
        await transport.value("set_calcom_default_event_type", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_event_type_id", type: "bigint", value: eventTypeId },
        ]),
      );
    },

    async createCalcomOAuthState({ jti, businessId, linkJti, codeVerifier, expiresAt }) {
      return z.boolean().parse(
        await transport.value("create_calcom_oauth_state", [
          { name: "p_jti", type: "text", value: jti },
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_link_jti", type: "text", value: linkJti },
          { name: "p_code_verifier", type: "text", value: codeVerifier },
          { name: "p_expires_at", type: "timestamptz", value: expiresAt.toISOString() },
        ]),
      );
    },

    async consumeCalcomOAuthState(jti) {
      const used = OAuthStateSchema.parse(await transport.value("consume_calcom_oauth_state", [{ name: "p_jti", type: "text", value: jti }]));
      return used && { businessId: used.business_id, linkJti: used.link_jti, codeVerifier: used.code_verifier };
    },

    async spendCalcomConnectLink(linkJti, businessId) {
      await transport.value("spend_calcom_connect_link", [
        { name: "p_link_jti", type: "text", value: linkJti },
        { name: "p_business_id", type: "uuid", value: businessId },
      ]);
    },
  };
}
