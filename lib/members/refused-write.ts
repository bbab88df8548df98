import { ApiError } from "../http/api-error.js";

/** The error of a member's write that row-level security let through to no row: the business is
 *  not the member's to see (404, as for one that does not exist, so a forged id learns nothing),
 *  or the member only reads it (403: staff). */
export function refusedWrite(outcome: "forbidden" | "unknown_business", businessId: string): ApiError {
  return outcome === "forbidden"
    ? new ApiError("forbidden", "only the business's owners may change this; staff members read only")
    : new ApiError("not_found", `business ${businessId} not found`);
}
