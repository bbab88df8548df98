import type postgres from "postgres";
import type { Sql } from "../open-sql.js";

/**
 * The Supabase CLI records applied migrations in supabase_migrations.schema_migrations (version =
 * the file's timestamp). We record ours in the same table, so `supabase db push` and
 * `npm run db:migrate` agree about what is applied, whichever ran first.
 */
export async function ensureMigrationHistory(sql: Sql): Promise<void> {
  // "if not exists" is not safe against a concurrent creator; the lock makes runners take turns.
  await sql.begin(async (tx) => {
    await lockMigrationHistory(tx);
    await tx.unsafe(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text not null primary key,
      statements text[],
      name text
    );
  `);
  });
}

/** Held until the end of the caller's transaction; every runner (and file) takes it in turn. */
export async function lockMigrationHistory(tx: Sql | postgres.TransactionSql): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations.schema_migrations'))`;
}

export async function appliedVersions(sql: Sql): Promise<Set<string>> {
  const exists = await sql<{ present: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  if (!exists[0]?.present) return new Set();
  const rows = await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`;
  return new Set(rows.map((r) => r.version));
}
