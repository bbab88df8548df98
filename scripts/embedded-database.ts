import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import type { MigrationRun } from "../lib/db/migrations/apply-migrations.js";
import { databaseEnv } from "../lib/env.js";

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
