/**
 * What can go wrong in the database, in terms callers can act on. Transports translate driver
 * errors (postgres.js, PostgREST) into these; raw driver errors never leave lib/db. `transient`:
 * PostgreSQL aborted the statement to break a deadlock or a serialization conflict; it did nothing
 * and may be run again (retried-transport.ts does, a few times).
 */
export type DbErrorKind = "unique_violation" | "conflict" | "not_found" | "invalid_input" | "unavailable" | "transient" | "unexpected";

export class DbError extends Error {
  constructor(readonly kind: DbErrorKind, message: string, options?: ErrorOptions & { constraint?: string; neverSent?: boolean }) {
    super(message, options);
    this.name = "DbError";
    this.constraint = options?.constraint;
    this.neverSent = options?.neverSent ?? false;
  }
  readonly constraint: string | undefined;
  /** An `unavailable` whose statement surely never reached the server (the connection was never
   *  made), so it cannot commit later. Any other `unavailable` (a timeout, a connection lost
   *  mid-statement) may still have been applied. */
  readonly neverSent: boolean;
}

/** A database call that did not answer in time: for its caller, the database is unavailable. */
export function databaseTimeout(ms: number): DbError {
  return new DbError("unavailable", `the database did not answer within ${ms} ms`);
}

/** Connection-level SQLSTATE classes and codes: the database is not there, not the request wrong. */
const UNAVAILABLE_STATES = /^(08|53|57P0[1-3]|58)/;
const INVALID_STATES = /^(22|23502|23503|23514)/;

/** Rules whose refusal names the API field at fault: the server checks the same with zod, so these
 *  are met only when a write slips past it (and must then still say what to fix). */
const FIELD_OF_RULE: Record<string, string> = {
  businesses_business_hours_check: "businessHours: must map weekdays (mon…sun) to lists of {open, close} HH:MM intervals, each opening before it closes",
  businesses_business_hours_no_overlap: "businessHours: two opening intervals of one day overlap; merge them or let one end where the next begins",
};

/** Maps a SQLSTATE (from the server or relayed by PostgREST) to our error. */
export function dbErrorFromSqlState(
  code: string | undefined,
  message: string,
  cause: unknown,
  constraint?: string,
): DbError {
  const options = { cause, constraint };
  if (code === "23505") return new DbError("unique_violation", describeUnique(constraint), options);
  // 40P01 deadlock_detected, 40001 serialization_failure: e.g. concurrent bookings of overlapping
  // slots waiting on each other's exclusion-constraint checks.
  if (code === "40P01" || code === "40001") return new DbError("transient", "the database aborted the statement to resolve a conflict with another one", options);
  if (code === "P0002") return new DbError("not_found", message, options);
  // An exclusion constraint: the row collides with another (a booked slot).
  if (code === "23P01") return new DbError("conflict", constraint ? `conflicts with an existing row (${constraint})` : "conflicts with an existing row", options);
  // 22021 / 22P05: text (or JSON text) holding NUL, which PostgreSQL cannot store.
  if (code === "22021" || code === "22P05") return new DbError("invalid_input", "text contains a character that cannot be stored (NUL, \\u0000)", options);
  if (code && INVALID_STATES.test(code)) {
    const field = FIELD_OF_RULE[constraint ?? ""];
    if (field) return new DbError("invalid_input", field, options);
    return new DbError("invalid_input", constraint ? `value rejected by the database rule ${constraint}` : "value rejected by the database", options);
  }
  if (code && UNAVAILABLE_STATES.test(code)) return new DbError("unavailable", "the database is unavailable", options);
  return new DbError("unexpected", `unexpected database error${code ? ` (SQLSTATE ${code})` : ""}`, options);
}

function describeUnique(constraint: string | undefined): string {
  return constraint ? `already exists (${constraint})` : "already exists";
}
