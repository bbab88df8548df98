import { openSql } from "../open-sql.js";
import { applyMigrations, type MigrationRun } from "./apply-migrations.js";
import { applySqlFile } from "./apply-sql-file.js";
import { projectFiles } from "./project-files.js";

export interface BootstrapOptions {
  /** A superuser connection: only the Supabase roles shim needs one. */
  superuserUrl: string;
  /** The non-superuser `postgres`, as on Supabase: runs migrations and the seed. */
  appUrl: string;
  seed?: boolean;
}

/** Makes a plain PostgreSQL database look like a Supabase one, then migrates (and seeds) it. */
export async function bootstrapDatabase(options: BootstrapOptions): Promise<MigrationRun> {
  const admin = openSql(options.superuserUrl, { max: 1 });
  try {
    await applySqlFile(admin, projectFiles.rolesShimFile);
  } finally {
    await admin.end();
  }
  const app = openSql(options.appUrl, { max: 1 });
  try {
    const run = await applyMigrations(app);
    if (options.seed) {
      await applySqlFile(app, projectFiles.seedFile);
      // Only here, never by db:seed against DATABASE_URL: their users come from the shim, and a
      // Supabase database's users are Supabase Auth's.
      await applySqlFile(app, projectFiles.demoMembersFile);
    }
    return run;
  } finally {
    await app.end();
  }
}
