import { getDatabase } from "../lib/db/get-database.js";
import { pendingMigrations } from "../lib/db/migrations/apply-migrations.js";
import { readMigrationFiles, type MigrationFile } from "../lib/db/migrations/read-migration-files.js";
import { openSql } from "../lib/db/open-sql.js";
import { env } from "../lib/env.js";

/**
 * `npm start` against a database it does not own must not change its schema, and must not serve
 * code newer than that schema: it stops, naming the files still to apply.
 */
export async function refuseWhenMigrationsPending(): Promise<void> {
  const { DATABASE_URL } = env();
  const files = await readMigrationFiles();
  const pending = DATABASE_URL ? await pendingOnDirectConnection(DATABASE_URL) : await pendingOnSupabase(files);
  if (pending.length === 0) return;
  const target = DATABASE_URL ? "DATABASE_URL" : "the Supabase database";
  throw new Error(
    `Refusing to start: ${target} has ${pending.length} pending migration(s) of ${files.length}:\n` +
      pending.map((name) => `  ${name}`).join("\n") +
      "\nApply them with `npm run db:migrate` (DATABASE_URL) or `supabase db push`, then start again.",
  );
}

/** Through the Data API we can only ask our own health function, which lists applied versions. */
async function pendingOnSupabase(files: MigrationFile[]): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = new Set((await (await getDatabase()).health()).versions);
  } catch (error) {
    throw new Error("cannot read the applied migrations through SUPABASE_URL; apply the schema with `supabase db push` first", { cause: error });
  }
  return files.filter((f) => !applied.has(f.version)).map((f) => f.fileName);
}

async function pendingOnDirectConnection(url: string): Promise<string[]> {
  const sql = openSql(url, { max: 1, connectTimeoutSeconds: 10 });
  try {
    return (await pendingMigrations(sql)).map((f) => f.fileName);
  } catch (error) {
    throw new Error(`cannot read the applied migrations from DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
