import { ApiError } from "../http/api-error.js";
import type { CalendarFailure } from "./calendar-failure.js";

/** How the operator API reports a calendar that could not answer. */
export function calendarFailureError(failure: CalendarFailure, businessId: string): ApiError {
  switch (failure.kind) {
    case "needs_reconnect":
      return new ApiError("conflict", `the Cal.com connection of business ${businessId} must be renewed: send the owner a new connect link`);
    case "unknown_event_type":
      return new ApiError("bad_request", `eventTypeId: not an event type of this business's Cal.com account (it has ${failure.offered.join(", ") || "none"})`);
    case "calendar_unavailable":
      return failure.retryAfterSeconds !== undefined
        ? new ApiError("rate_limited", "Cal.com asked us to slow down; try again later", { headers: { "retry-after": String(failure.retryAfterSeconds) }, cause: failure.cause })
        : new ApiError("upstream", "Cal.com did not answer; try again shortly", { cause: failure.cause });
    case "outcome_unknown":
      return new ApiError("upstream", "Cal.com did not confirm the booking and it could not be found; check the calendar before trying again", { cause: failure.cause });
    case "calendar_refused":
      return new ApiError("bad_request", `Cal.com refused: ${failure.message}`, { cause: failure.cause });
  }
}
