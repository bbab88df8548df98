import { z } from "zod";
import { ApiError } from "./api-error.js";

/**
 * The URL segment after `after`, e.g. the id in /api/businesses/{id}/connect-link. Vercel runs a
 * `[id]` route file with the plain URL, so the handler reads the value from the path itself.
 */
export function pathParam(request: Request, after: string): string {
  const segments = new URL(request.url).pathname.split("/");
  const value = segments[segments.indexOf(after) + 1];
  if (segments.indexOf(after) < 0 || !value) throw new ApiError("not_found", "no such resource");
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError("not_found", "no such resource");
  }
}

/** The `{id}` path parameter as the OpenAPI description states it. */
export const IdParamSchema = z.uuid("must be a uuid").describe("The resource's id (a uuid).");

/** The uuid after `after` in the path. Something that cannot be an id is the client's mistake
 *  (400 naming the parameter); a well-formed id nobody has is the resource's absence (404). */
export function uuidParam(request: Request, after: string): string {
  const parsed = IdParamSchema.safeParse(pathParam(request, after));
  if (!parsed.success) throw new ApiError("bad_request", "id: must be a uuid");
  return parsed.data;
}

/** The business id of a /api/businesses/{id}/… URL. */
export function businessIdFrom(request: Request): string {
  return uuidParam(request, "businesses");
}
