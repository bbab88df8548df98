import { z } from "zod";
import { ANSWER_DEADLINES } from "../answer-deadlines.js";
import { DbError } from "../db/db-errors.js";
import { getDatabase } from "../db/get-database.js";
import { withinDatabaseDeadline } from "../within-deadline.js";

/** GET /api/health's 200: the database answers and has this many migrations applied. */
export const HealthOkSchema = z.object({ status: z.literal("ok"), database: z.literal("ok"), migrations: z.number().int().nonnegative() });
/** GET /api/health's 503: the database cannot be reached. */
export const HealthDownSchema = z.object({ status: z.literal("error"), database: z.literal("unavailable") });

export type HealthReport = z.infer<typeof HealthOkSchema> | z.infer<typeof HealthDownSchema>;

/** A database that cannot be reached, or does not answer within the health check's wait (a frozen
 *  server, a dead network path), is a reportable state, not an error; anything else (a
 *  misconfiguration, a bug) still throws and becomes a logged 500. */
export async function checkHealth(): Promise<HealthReport> {
  const { waitMs } = ANSWER_DEADLINES.health;
  try {
    const { migrations } = await withinDatabaseDeadline(getDatabase().then((db) => db.health()), waitMs);
    return { status: "ok", database: "ok", migrations };
  } catch (error) {
    if (error instanceof DbError && error.kind === "unavailable") return { status: "error", database: "unavailable" };
    throw error;
  }
}
