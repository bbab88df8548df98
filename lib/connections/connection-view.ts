import type { CalcomConnectionRow } from "../db/calcom-queries.js";

/** What operators see of a connection: its state and account, never a token or ciphertext. */
export function connectionView(connection: CalcomConnectionRow) {
  const credentials = connection.credentials;
  return {
    status: connection.status,
    authType: credentials?.auth_type ?? null,
    account: credentials ? { id: credentials.calcom_user_id, username: credentials.calcom_username } : null,
    accessTokenExpiresAt: credentials?.access_token_expires_at ?? null,
    defaultEventTypeId: connection.default_event_type_id,
    eventTypes: connection.event_types,
  };
}
