import type { JsonObject } from "./openapi-schema-dialect.js";

/**
 * What the fake Cal.com answers one request with. `body` is checked against the spec (or, for
 * errors, against Cal.com's error shapes) before it is sent; `rawBody` is for answers that are
 * deliberately outside any spec (a broken vendor), and must say why in `offSpec`.
 */
export type CalcomAnswer =
  | { status: number; body?: JsonObject; headers?: Record<string, string>; delayMs?: number; trickleMs?: number }
  | { status: number; rawBody: string; offSpec: string; headers?: Record<string, string>; delayMs?: number }
  | { networkError: true };

const EXCEPTION_NAMES: Record<number, string> = {
  400: "BadRequestException",
  401: "UnauthorizedException",
  403: "ForbiddenException",
  404: "NotFoundException",
  409: "CONFLICT",
  429: "ThrottlerException",
  500: "InternalServerErrorException",
  502: "BadGatewayException",
  503: "ServiceUnavailableException",
};

/** Cal.com's exception-filter envelope (reference/calcom.md §7). */
export function calcomError(status: number, message: string, headers?: Record<string, string>): CalcomAnswer {
  const body = { status: "error", timestamp: "2030-01-02T10:00:00.000Z", error: { code: EXCEPTION_NAMES[status] ?? "HttpException", message } };
  return headers ? { status, body, headers } : { status, body };
}

/** The token endpoint's own refusals (RFC 6749 §5.2). */
export function oauthError(status: number, error: string, description: string): CalcomAnswer {
  return { status, body: { error, error_description: description } };
}

export const answers = {
  /** 400 from errors.service when the host is busy at that time. */
  slotTaken: () => calcomError(400, "User either already has booking at this time or is not available"),
  /** 409 when two requests race for the same host and time (Prisma unique idempotency key). */
  slotConflict: () => calcomError(409, "Invalid Input: Trying to create a record that already exists."),
  unauthorized: () => calcomError(401, "Invalid Bearer token"),
  notFound: (message = "Booking not found") => calcomError(404, message),
  rateLimited: (headers: Record<string, string>) => calcomError(429, "Too many requests. Please try again later.", headers),
  serverError: () => calcomError(500, "Internal server error"),
  invalidGrant: (description = "invalid_refresh_token") => oauthError(400, "invalid_grant", description),
  networkError: (): CalcomAnswer => ({ networkError: true }),
  malformedJson: (status = 200): CalcomAnswer => ({ status, rawBody: '{"status":"success","data":', offSpec: "truncated JSON" }),
  /** A JSON answer whose body arrives in ten pieces, `ms` apart (each piece keeps the socket busy). */
  trickle: (ms: number, answer: CalcomAnswer): CalcomAnswer => ("body" in answer ? { ...answer, trickleMs: ms } : answer),
  /** Any answer, held back for `ms` first (to trip a timeout). */
  slow: (ms: number, answer: CalcomAnswer): CalcomAnswer => ("networkError" in answer ? answer : { ...answer, delayMs: ms }),
};
