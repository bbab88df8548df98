import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import type { MigrationRun } from "../lib/db/migrations/apply-migrations.js";
import { databaseEnv } from "../lib/env.js";

/**
 * Where the db:* scripts work: DATABASE_URL, or the embedded database when no database is
 * configured. SUPABASE_URL alone is refused: the Data API cannot change a schema, and quietly
 * migrating the embedded database instead would look like success.
 */
export function databaseTarget(command: string): { url: string } | { embedded: true } {
  const { DATABASE_URL, SUPABASE_URL } = databaseEnv();
  if (DATABASE_URL) return { url: DATABASE_URL };
  if (SUPABASE_URL) {
    throw new Error(
      `${command} needs DATABASE_URL: SUPABASE_URL alone cannot change the database.\n` +
        "Set DATABASE_URL to the project's connection string (Dashboard → Connect), or use the Supabase CLI (supabase db push).",
    );
  }
  return { embedded: true };
}

export interface EmbeddedDatabase {
  server: EmbeddedPostgres;
  migrations: MigrationRun;
}

/** The local database of `npm start` and the db:* scripts: PostgreSQL 17 in EMBEDDED_DB_DIR (kept
 *  between runs), with the Supabase roles shim and every migration applied. */
export async function startEmbeddedDatabase(options: { seed: boolean }): Promise<EmbeddedDatabase> {
  const { EMBEDDED_DB_DIR, EMBEDDED_DB_PORT } = databaseEnv();
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(EMBEDDED_DB_DIR), port: EMBEDDED_DB_PORT });
  try {
    const migrations = await bootstrapDatabase({ superuserUrl: server.superuserUrl(), appUrl: server.appUrl(), seed: options.seed });
    return { server, migrations };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
