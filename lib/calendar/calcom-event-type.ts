import type { CalcomConnectionRow, StoredEventType } from "../db/calcom-queries.js";

/** The event type a request names, else the business's default; undefined when the account has
 *  no such event type. */
export function chooseEventType(connection: CalcomConnectionRow, requested?: number): StoredEventType | undefined {
  const id = requested ?? connection.default_event_type_id;
  return connection.event_types.find((e) => e.id === id);
}
