import { z } from "zod";
import { ApiError } from "./api-error.js";

/**
 * The value of the path segment after `after`, e.g. the id in /api/businesses/{id}/connect-link.
 * Vercel runs a `[id]` route file with either URL: the one the client sent, or the one its router
 * rewrote it to, where the segment is the route file's own `[id]` and the value is in the query
 * (`/api/businesses/<id>` → `/api/businesses/[id]/index?id=<id>`). Both give the same value.
 */
export function pathParam(request: Request, after: string): string {
  const url = new URL(request.url);
  const segments = url.pathname.split("/");
  const at = segments.indexOf(after);
  const segment = at < 0 ? undefined : decoded(segments[at + 1]);
  const name = segment === undefined ? undefined : /^\[(\w+)\]$/.exec(segment)?.[1];
  const value = name === undefined ? segment : fromQuery(url, name);
  if (!value) throw new ApiError("not_found", "no such resource");
  return value;
}

/** The rewrite's value. A client's own `?id=` may arrive beside it; when the two disagree, which
 *  one came from the path cannot be told, so neither is used. */
function fromQuery(url: URL, name: string): string | undefined {
  const values = new Set(url.searchParams.getAll(name));
  if (values.size > 1) throw new ApiError("bad_request", `${name}: the path and the query name different ids`);
  return [...values][0];
}

function decoded(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError("not_found", "no such resource");
  }
}

/** The `{id}` path parameter as the OpenAPI description states it. */
export const IdParamSchema = z.uuid("must be a uuid").describe("The resource's id (a uuid).");

/** The uuid after `after` in the path. Something that cannot be an id is the client's mistake
 *  (400 naming the parameter); a well-formed id nobody has is the resource's absence (404). */
export function uuidParam(request: Request, after: string, name = "id"): string {
  const parsed = IdParamSchema.safeParse(pathParam(request, after));
  if (!parsed.success) throw new ApiError("bad_request", `${name}: must be a uuid`);
  return parsed.data;
}

/** The business id of a /api/businesses/{id}/… URL. */
export function businessIdFrom(request: Request): string {
  return uuidParam(request, "businesses");
}
