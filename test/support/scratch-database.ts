import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import postgres from "postgres";
import { applySqlFile } from "../../lib/db/migrations/apply-sql-file.js";
import { projectFiles } from "../../lib/db/migrations/project-files.js";

export interface ScratchDatabase {
  /** As the non-superuser `postgres`. */
  appUrl: string;
  superuserUrl: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withConnection(url: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await work(sql);
  } finally {
    await sql.end();
  }
}

/** An empty database on the test server, with (by default) the Supabase roles shim applied: what a
 *  new Supabase project looks like before our migrations. */
export async function createScratchDatabase(options: { shim?: boolean } = {}): Promise<ScratchDatabase> {
  const name = `scratch_${randomUUID().replaceAll("-", "")}`;
  await withConnection(inject("superuserUrl"), (sql) => sql.unsafe(`create database ${name}`));
  const superuserUrl = withDatabase(inject("superuserUrl"), name);
  if (options.shim ?? true) await withConnection(superuserUrl, (sql) => applySqlFile(sql, projectFiles.rolesShimFile));
  return {
    appUrl: withDatabase(inject("databaseUrl"), name),
    superuserUrl,
    drop: () => withConnection(inject("superuserUrl"), (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)),
  };
}
