import { ApiError } from "./api-error.js";
import { nulPath } from "./nul-path.js";

/** The query string as a plain object for a zod schema (the last value wins for repeated keys).
 *  A parameter holding NUL is refused by name (PostgreSQL text cannot hold it). */
export function searchParamsOf(request: Request): Record<string, string> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const where = nulPath(params, []);
  if (where !== undefined) throw new ApiError("bad_request", `${where}: must not contain the NUL character (\\u0000)`);
  return params;
}
