import type { Sql } from "../open-sql.js";
import { describeSqlError } from "./describe-sql-error.js";
import { appliedVersions, ensureMigrationHistory, lockMigrationHistory } from "./migration-history.js";
import { readMigrationFiles, type MigrationFile } from "./read-migration-files.js";

export class MigrationError extends Error {
  constructor(readonly fileName: string, message: string, options?: ErrorOptions) {
    super(`migration ${fileName} failed: ${message}`, options);
    this.name = "MigrationError";
  }
}

export interface MigrationRun {
  applied: string[];
  total: number;
}

/**
 * Applies the pending migration files in order, each in its own transaction together with its
 * history row, so a failing file leaves neither its changes nor a record behind and later files
 * are not attempted. An advisory lock makes concurrent runners take turns instead of racing.
 */
export async function applyMigrations(sql: Sql, files?: MigrationFile[]): Promise<MigrationRun> {
  const all = files ?? (await readMigrationFiles());
  await ensureMigrationHistory(sql);
  const done = await appliedVersions(sql);
  const applied: string[] = [];
  for (const file of all.filter((f) => !done.has(f.version))) {
    if (await applyOne(sql, file)) applied.push(file.fileName);
  }
  return { applied, total: all.length };
}

async function applyOne(sql: Sql, file: MigrationFile): Promise<boolean> {
  try {
    return await sql.begin(async (tx) => {
      await lockMigrationHistory(tx);
      const [row] = await tx`select 1 from supabase_migrations.schema_migrations where version = ${file.version}`;
      if (row) return false;
      await tx.unsafe(file.sql);
      await tx`
        insert into supabase_migrations.schema_migrations (version, name, statements)
        values (${file.version}, ${file.name}, ${[file.sql]})`;
      return true;
    });
  } catch (error) {
    throw new MigrationError(file.fileName, describeSqlError(error, file.sql), { cause: error });
  }
}

/** Files not yet recorded as applied (what `npm start` refuses to serve with). */
export async function pendingMigrations(sql: Sql, files?: MigrationFile[]): Promise<MigrationFile[]> {
  const all = files ?? (await readMigrationFiles());
  const done = await appliedVersions(sql);
  return all.filter((f) => !done.has(f.version));
}
