/** Every error code a response can carry, with its HTTP status: the one table for both. */
export const statusOf = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusOf;

/** An error meant for the client: its message is shown as is, so it must say what to fix.
 *  `details` adds fields beside code and message (e.g. the alternatives to a taken slot). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { headers?: HeadersInit; details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = "ApiError";
    this.headers = options?.headers;
    this.details = options?.details;
  }
  readonly headers: HeadersInit | undefined;
  readonly details: Record<string, unknown> | undefined;

  get status(): number {
    return statusOf[this.code];
  }
}
