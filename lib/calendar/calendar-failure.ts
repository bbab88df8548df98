import { CalcomError } from "../calcom/calcom-error.js";
import { CalcomConnectionError } from "../connections/calcom-access-token.js";
import type { Database } from "../db/database.js";

/** Why a Cal.com calendar could not answer: reported as values so callers (the operator API, the
 *  phone tools) can each say it their way. */
export type CalendarFailure =
  | { kind: "needs_reconnect" }
  | { kind: "calendar_unavailable"; retryAfterSeconds?: number; cause?: unknown }
  /** A write was sent and Cal.com's answer was lost: it may or may not have happened. */
  | { kind: "outcome_unknown"; cause?: unknown }
  /** Cal.com said no for a reason of its own (a booking field, a deleted event type…). */
  | { kind: "calendar_refused"; message: string; cause?: unknown }
  | { kind: "unknown_event_type"; offered: number[] };

/** Turns what calling Cal.com can throw into a CalendarFailure; anything else is a bug and rethrows. */
export function calendarFailureOf(error: unknown): CalendarFailure {
  if (error instanceof CalcomConnectionError) {
    return error.reason === "refresh_timed_out" ? { kind: "calendar_unavailable", cause: error } : { kind: "needs_reconnect" };
  }
  if (!(error instanceof CalcomError)) throw error;
  switch (error.kind) {
    case "unauthorized":
    case "invalid_grant":
      return { kind: "needs_reconnect" };
    case "bad_request":
    case "not_found":
    case "slot_unavailable":
      return { kind: "calendar_refused", message: error.message, cause: error };
    default:
      if (error.outcomeUnknown) return { kind: "outcome_unknown", cause: error };
      return { kind: "calendar_unavailable", cause: error, ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  }
}

/**
 * As calendarFailureOf, and when Cal.com refused the credential itself (401/403) the business is
 * marked needs_reconnect, so operators see it; only if that credential is still the stored one.
 */
export async function calendarFailureMarking(
  db: Database,
  credential: { businessId: string; accessTokenEncrypted: string | undefined },
  error: unknown,
): Promise<CalendarFailure> {
  if (error instanceof CalcomError && error.kind === "unauthorized" && credential.accessTokenEncrypted) {
    await db.markCalcomNeedsReconnect(credential.businessId, credential.accessTokenEncrypted);
  }
  return calendarFailureOf(error);
}
