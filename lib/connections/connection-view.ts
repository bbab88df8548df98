import { z } from "zod";
import type { CalcomConnectionRow } from "../db/calcom-queries.js";

/** What operators see of a connection: its state and account, never a token or ciphertext. */
export const ConnectionViewSchema = z.object({
  status: z.enum(["not_connected", "connected", "needs_reconnect"]).describe("needs_reconnect: Cal.com refused the stored access; send the owner a new connect link."),
  authType: z.enum(["oauth", "api_key"]).nullable(),
  account: z.object({ id: z.number().int().nullable(), username: z.string().nullable() }).nullable().describe("The connected Cal.com user."),
  accessTokenExpiresAt: z.iso.datetime({ offset: true }).nullable().describe("When the current OAuth access token expires (it is refreshed ahead of that); null for API keys."),
  defaultEventTypeId: z.number().int().nullable(),
  eventTypes: z.array(
    z.object({
      id: z.number().int(),
      slug: z.string(),
      title: z.string(),
      lengthInMinutes: z.number().int(),
      requiresEmail: z.boolean().describe("Whether callers must give an email address to be booked into it."),
      timeZone: z.string().nullable(),
    }),
  ),
});

export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export function connectionView(connection: CalcomConnectionRow): ConnectionView {
  const credentials = connection.credentials;
  return ConnectionViewSchema.parse({
    status: connection.status,
    authType: credentials?.auth_type ?? null,
    account: credentials ? { id: credentials.calcom_user_id, username: credentials.calcom_username } : null,
    accessTokenExpiresAt: credentials?.access_token_expires_at ?? null,
    defaultEventTypeId: connection.default_event_type_id,
    eventTypes: connection.event_types,
  });
}
