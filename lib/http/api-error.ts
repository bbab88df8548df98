/** Every error code a response can carry, with its HTTP status: the one table for both. */
export const statusOf = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusOf;

/** An error meant for the client: its message is shown as is, so it must say what to fix. */
export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string, options?: ErrorOptions & { headers?: HeadersInit }) {
    super(message, options);
    this.name = "ApiError";
    this.headers = options?.headers;
  }
  readonly headers: HeadersInit | undefined;

  get status(): number {
    return statusOf[this.code];
  }
}
