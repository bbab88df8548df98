import { randomUUID } from "node:crypto";

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id that ties a response to its log lines: the caller's X-Request-Id when it is sane,
 *  Vercel's own id when deployed, otherwise a new one. */
export function requestIdOf(request: Request): string {
  for (const header of ["x-request-id", "x-vercel-id"]) {
    const value = request.headers.get(header);
    if (value && SAFE.test(value)) return value;
  }
  return randomUUID();
}
