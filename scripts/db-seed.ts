// npm run db:seed – loads supabase/seed.sql (the demo business) into DATABASE_URL or the embedded
// database. Idempotent: a second run changes nothing.
import { applySqlFile } from "../lib/db/migrations/apply-sql-file.js";
import { projectFiles } from "../lib/db/migrations/project-files.js";
import { openSql } from "../lib/db/open-sql.js";
import { databaseTarget, startEmbeddedDatabase } from "./embedded-database.js";
import { fail } from "./fail.js";

async function main(): Promise<void> {
  const target = databaseTarget("db:seed");
  if (!("url" in target)) {
    const { server } = await startEmbeddedDatabase({ seed: true });
    await server.stop();
    console.log("embedded database: seed loaded.");
    return;
  }
  const sql = openSql(target.url, { max: 1 });
  try {
    await applySqlFile(sql, projectFiles.seedFile);
    console.log("DATABASE_URL: seed loaded.");
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch(fail);
