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

/** The business id of a /api/businesses/{id}/… URL; anything but a uuid is simply not found. */
export function businessIdFrom(request: Request): string {
  const id = pathParam(request, "businesses");
  if (!z.uuid().safeParse(id).success) throw new ApiError("not_found", `business ${id} not found`);
  return id;
}
