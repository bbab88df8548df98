import { createHash } from "node:crypto";

/** What a booking request asked for, hashed: a key reused for a different request is refused
 *  instead of answered with someone else's booking. */
export function idempotencyFingerprint(request: {
  start: Date;
  name: string;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
  eventTypeId?: number;
}): string {
  const fields = [request.start.toISOString(), request.name, request.phone ?? null, request.email ?? null, request.notes ?? null, request.eventTypeId ?? null];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64url");
}
