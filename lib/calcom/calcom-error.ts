/**
 * What can go wrong when we talk to Cal.com, as the callers need to tell it apart:
 * - slot_unavailable: the time is taken or not bookable (400 with a booking-conflict message, or 409);
 *   offer other slots.
 * - not_found: the booking or event type does not exist (or is not this account's).
 * - unauthorized: the token or key was refused (401/403); the business must reconnect.
 * - invalid_grant: the token endpoint refused the code or refresh token; the business must reconnect.
 * - rate_limited: 429, or a call refused locally because a 429 for the same credential has not
 *   expired yet; `retryAfterSeconds` says when to try again.
 * - unavailable: 5xx, network error, timeout, or an answer we cannot read (not JSON, or not the shape
 *   we expect).
 * - bad_request: any other 4xx; Cal.com's message says why.
 */
export type CalcomErrorKind =
  | "slot_unavailable"
  | "not_found"
  | "unauthorized"
  | "invalid_grant"
  | "rate_limited"
  | "unavailable"
  | "bad_request";

export interface CalcomErrorOptions extends ErrorOptions {
  /** Cal.com's HTTP status, when it answered. */
  status?: number;
  retryAfterSeconds?: number;
  /**
   * True when a write was sent and we cannot tell whether Cal.com applied it (timeout, 5xx, network
   * error after sending, or an unreadable success answer). Cal.com has no idempotency key: look the
   * booking up before trying again.
   */
  outcomeUnknown?: boolean;
}

/** The one error lib/calcom throws for Cal.com's refusals and failures. Messages never carry tokens. */
export class CalcomError extends Error {
  override readonly name = "CalcomError";
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly outcomeUnknown: boolean;

  constructor(
    readonly kind: CalcomErrorKind,
    message: string,
    options: CalcomErrorOptions = {},
  ) {
    super(message, options);
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}
