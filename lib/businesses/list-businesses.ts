import type { z } from "zod";
import type { Database } from "../db/database.js";
import { decodeCursor, toPage, type Page } from "../http/page.js";
import type { BusinessListQuerySchema } from "./business-requests.js";
import { toBusinessView, type BusinessView } from "./business-view.js";

const SCOPE = "businesses";

/** One page of businesses, newest first. */
export async function listBusinesses(db: Database, query: z.output<typeof BusinessListQuerySchema>): Promise<Page<BusinessView>> {
  const rows = await db.listBusinesses({
    active: query.active,
    phoneNumber: query.phoneNumber,
    after: decodeCursor(SCOPE, query.cursor),
    limit: query.limit,
  });
  return toPage(rows, query.limit, SCOPE, (business) => ({ at: business.createdAt, id: business.id }), toBusinessView);
}
