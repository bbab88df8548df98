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

/** An empty database on the test server, with (by default) the Supabase roles shim applied: what a
 *  new Supabase project looks like before our migrations. */
export async function createScratchDatabase(options: { shim?: boolean } = {}): Promise<ScratchDatabase> {
  const name = `scratch_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(inject("superuserUrl"), { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const superuserUrl = withDatabase(inject("superuserUrl"), name);
  if (options.shim ?? true) {
    const sql = postgres(superuserUrl, { max: 1, onnotice: () => undefined });
    try {
      await applySqlFile(sql, projectFiles.rolesShimFile);
    } finally {
      await sql.end();
    }
  }
  return {
    appUrl: withDatabase(inject("databaseUrl"), name),
    superuserUrl,
    async drop() {
      const sql = postgres(inject("superuserUrl"), { max: 1, onnotice: () => undefined });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
