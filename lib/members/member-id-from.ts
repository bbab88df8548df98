import { z } from "zod";
import { ApiError } from "../http/api-error.js";
import { pathParam } from "../http/path-param.js";

/** The {userId} of a /api/businesses/{id}/members/{userId} URL (either of Vercel's two URLs, as
 *  pathParam reads them); one that cannot be a user id is the client's mistake, named. */
export function memberIdFrom(request: Request): string {
  const parsed = z.uuid().safeParse(pathParam(request, "members"));
  if (!parsed.success) throw new ApiError("bad_request", "userId: must be a uuid");
  return parsed.data;
}
