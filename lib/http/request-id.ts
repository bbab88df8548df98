import { randomUUID } from "node:crypto";

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id that ties a response to its log lines: Vercel's own id when deployed (a client cannot
 *  forge it), else the caller's X-Request-Id when it is sane, otherwise a new one. */
export function requestIdOf(request: Request): string {
  for (const header of ["x-vercel-id", "x-request-id"]) {
    const value = request.headers.get(header);
    if (value && SAFE.test(value)) return value;
  }
  return randomUUID();
}
