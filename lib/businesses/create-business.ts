import type { z } from "zod";
import type { Database } from "../db/database.js";
import { toBusinessView, type BusinessView } from "./business-view.js";
import type { CreateBusinessBodySchema } from "./business-requests.js";
import { duplicateLineError } from "./duplicate-line-error.js";

/** Creates a business for POST /api/businesses; a phone line another business has is a 409. */
export async function createBusiness(db: Database, body: z.output<typeof CreateBusinessBodySchema>): Promise<BusinessView> {
  try {
    return toBusinessView(await db.createBusiness(body));
  } catch (error) {
    throw duplicateLineError(error);
  }
}
