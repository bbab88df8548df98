import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { projectFiles } from "./project-files.js";

export interface MigrationFile {
  /** The 14-digit timestamp prefix: the Supabase CLI's `version`. */
  version: string;
  /** The rest of the file name, as the CLI records it. */
  name: string;
  fileName: string;
  sql: string;
}

const FILE_NAME = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** The migration files in the order they apply; a file not named `YYYYMMDDHHmmss_name.sql` is an
 *  error rather than silently skipped (the Supabase CLI would skip it and the two would disagree). */
export async function readMigrationFiles(dir = projectFiles.migrationsDir): Promise<MigrationFile[]> {
  const entries = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const files: MigrationFile[] = [];
  for (const fileName of entries) {
    const match = FILE_NAME.exec(fileName);
    if (!match?.[1] || !match[2]) {
      throw new Error(`migration file ${fileName} is not named YYYYMMDDHHmmss_description.sql`);
    }
    const sql = await readFile(path.join(dir, fileName), "utf8");
    files.push({ version: match[1], name: match[2], fileName, sql });
  }
  const versions = new Set(files.map((f) => f.version));
  if (versions.size !== files.length) throw new Error(`two migration files in ${dir} share a timestamp`);
  return files;
}
