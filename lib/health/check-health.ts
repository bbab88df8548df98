import { DbError } from "../db/db-errors.js";
import { getDatabase } from "../db/get-database.js";

export type HealthReport =
  | { status: "ok"; database: "ok"; migrations: number }
  | { status: "error"; database: "unavailable" };

/** A database that cannot be reached is a reportable state, not an error; anything else (a
 *  misconfiguration, a bug) still throws and becomes a logged 500. */
export async function checkHealth(): Promise<HealthReport> {
  try {
    const { migrations } = await (await getDatabase()).health();
    return { status: "ok", database: "ok", migrations };
  } catch (error) {
    if (error instanceof DbError && error.kind === "unavailable") return { status: "error", database: "unavailable" };
    throw error;
  }
}
