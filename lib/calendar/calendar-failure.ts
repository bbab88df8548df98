import { CalcomError } from "../calcom/calcom-error.js";
import { CalcomConnectionError } from "../connections/calcom-access-token.js";

/** Why a Cal.com calendar could not answer: reported as values so callers (the operator API, the
 *  phone tools) can each say it their way. */
export type CalendarFailure =
  | { kind: "needs_reconnect" }
  | { kind: "calendar_unavailable"; retryAfterSeconds?: number; cause?: unknown }
  | { kind: "unknown_event_type"; offered: number[] };

/** Turns what calling Cal.com can throw into a CalendarFailure; anything else is a bug and rethrows. */
export function calendarFailureOf(error: unknown): CalendarFailure {
  if (error instanceof CalcomConnectionError) {
    return error.reason === "refresh_timed_out" ? { kind: "calendar_unavailable", cause: error } : { kind: "needs_reconnect" };
  }
  if (error instanceof CalcomError) {
    if (error.kind === "unauthorized" || error.kind === "invalid_grant") return { kind: "needs_reconnect" };
    return { kind: "calendar_unavailable", cause: error, ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  }
  throw error;
}
