import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql } from "../open-sql.js";
import { describeSqlError } from "./describe-sql-error.js";

/** Runs a whole SQL file (roles shim, seed) as one simple-protocol query. */
export async function applySqlFile(sql: Sql, file: string): Promise<void> {
  const text = await readFile(file, "utf8");
  try {
    await sql.unsafe(text);
  } catch (error) {
    throw new Error(`${path.basename(file)} failed: ${describeSqlError(error, text)}`, { cause: error });
  }
}
