import { ZodError } from "zod";
import { DbError, type DbErrorKind } from "../db/db-errors.js";
import { log } from "../log.js";
import { ApiError, type ErrorCode } from "./api-error.js";
import type { ErrorBody } from "./error-body.js";

const codeOfDbError: Record<DbErrorKind, ErrorCode> = {
  unique_violation: "conflict",
  conflict: "conflict",
  not_found: "not_found",
  invalid_input: "bad_request",
  unavailable: "unavailable",
  transient: "unavailable",
  unexpected: "internal",
};

/**
 * The single place errors become HTTP: ApiError → its status; zod → 400 naming each field; database
 * errors → 409/404/400/503; anything else → logged with the request id and answered with a generic
 * 500 (internals stay in the log).
 */
export function errorResponse(error: unknown, requestId: string): Response {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    log.error("request_failed", { requestId, code: apiError.code, error });
  }
  const headers = new Headers(apiError.headers);
  headers.set("x-request-id", requestId);
  const body: ErrorBody = { error: { ...apiError.details, code: apiError.code, message: apiError.message } };
  return Response.json(body, { status: apiError.status, headers });
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return new ApiError("bad_request", describeZodError(error), { cause: error });
  if (error instanceof DbError) {
    const code = codeOfDbError[error.kind];
    const message = code === "internal" ? "internal error" : code === "unavailable" ? "the database is unavailable; try again shortly" : error.message;
    return new ApiError(code, message, { cause: error });
  }
  return new ApiError("internal", "internal error", { cause: error });
}

/** "name: Too small; phoneNumber: must be E.164" — field paths a client can act on. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
