// npm run db:migrate [-- --shim]
// Applies pending migrations to DATABASE_URL, or to the embedded database when it is not set.
// --shim first applies supabase/local/supabase-roles-shim.sql (needs a superuser; never on Supabase).
import { actAsPostgres } from "../lib/db/migrations/act-as-postgres.js";
import { applyMigrations } from "../lib/db/migrations/apply-migrations.js";
import { applySqlFile } from "../lib/db/migrations/apply-sql-file.js";
import { projectFiles } from "../lib/db/migrations/project-files.js";
import { openSql, type Sql } from "../lib/db/open-sql.js";
import { databaseTarget, startEmbeddedDatabase } from "./embedded-database.js";
import { fail } from "./fail.js";

async function main(): Promise<void> {
  const target = databaseTarget("db:migrate");
  if (!("url" in target)) {
    const { server, migrations } = await startEmbeddedDatabase({ seed: false });
    await server.stop();
    report(migrations.applied, migrations.total, "embedded database");
    return;
  }
  const withShim = process.argv.includes("--shim");
  if (withShim) await applyShim(target.url);
  // After the shim the superuser login acts as `postgres`, as on Supabase, so that `postgres`
  // owns what the migrations create.
  const sql = openSql(withShim ? actAsPostgres(target.url) : target.url, { max: 1 });
  try {
    await requireSupabaseRoles(sql);
    const run = await applyMigrations(sql);
    report(run.applied, run.total, "DATABASE_URL");
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function applyShim(superuserUrl: string): Promise<void> {
  const sql = openSql(superuserUrl, { max: 1 });
  try {
    await applySqlFile(sql, projectFiles.rolesShimFile);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function report(applied: string[], total: number, target: string): void {
  if (applied.length === 0) {
    console.log(`${target} is up to date: all ${total} migrations applied, nothing to do.`);
    return;
  }
  for (const file of applied) console.log(`applied ${file}`);
  console.log(`${target}: applied ${applied.length} migration(s); ${total} in all.`);
}

/** The migrations grant to Supabase's roles and reference auth.users; say so before they fail. */
async function requireSupabaseRoles(sql: Sql): Promise<void> {
  const [row] = await sql<{ roles: number; users: boolean }[]>`
    select (select count(*)::int from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) as roles,
           to_regclass('auth.users') is not null as users`;
  if (row?.roles !== 3 || !row.users) {
    throw new Error(
      "DATABASE_URL has no Supabase roles (anon, authenticated, service_role) or no auth.users table.\n" +
        "Use a Supabase project, or run `npm run db:migrate -- --shim` once as a superuser to add them to a plain PostgreSQL.",
    );
  }
}

main().catch(fail);
