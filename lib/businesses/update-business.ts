import type { z } from "zod";
import type { Database } from "../db/database.js";
import { ApiError } from "../http/api-error.js";
import { toBusinessView, type BusinessView } from "./business-view.js";
import type { UpdateBusinessBodySchema } from "./business-requests.js";
import { duplicateLineError } from "./duplicate-line-error.js";

/** Applies PATCH /api/businesses/{id}: 404 for an unknown business, 400 for an event type the
 *  business's Cal.com account does not have, 409 for a phone line another business has. */
export async function updateBusiness(db: Database, businessId: string, changes: z.output<typeof UpdateBusinessBodySchema>): Promise<BusinessView> {
  let result;
  try {
    result = await db.updateBusiness(businessId, changes);
  } catch (error) {
    throw duplicateLineError(error);
  }
  switch (result.outcome) {
    case "updated":
      return toBusinessView(result.business);
    case "unknown_business":
      throw new ApiError("not_found", `business ${businessId} not found`);
    case "unknown_event_type":
      throw new ApiError(
        "bad_request",
        `calcomDefaultEventTypeId: not an event type of this business's Cal.com account (it has ${result.offered.join(", ") || "none"})`,
      );
  }
}
