// npm start – the whole service on this machine.
// With neither DATABASE_URL nor SUPABASE_URL set: an embedded PostgreSQL 17 (data in
// EMBEDDED_DB_DIR, kept between runs) with the Supabase roles shim, every migration and the demo
// business. With either set: that database, untouched; pending migrations stop the start.
import path from "node:path";
import { getDatabase } from "../lib/db/get-database.js";
import { openSql } from "../lib/db/open-sql.js";
import { pendingMigrations } from "../lib/db/migrations/apply-migrations.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { env, fillMissingLocalSecrets, useLocalDatabase } from "../lib/env.js";
import type { EmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { DEMO_BUSINESS_ID } from "./demo-business.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { fail } from "./fail.js";
import { createLocalServer } from "./local-server/create-local-server.js";

const root = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  const started = Date.now();
  const generated = fillMissingLocalSecrets();
  const config = env();
  let embedded: EmbeddedPostgres | undefined;

  if (config.DATABASE_URL) {
    await refuseWhenMigrationsPending(config.DATABASE_URL);
  } else if (!config.SUPABASE_URL) {
    console.log(`Starting the embedded PostgreSQL in ${config.EMBEDDED_DB_DIR} …`);
    const database = await startEmbeddedDatabase({ seed: true });
    embedded = database.server;
    useLocalDatabase(embedded.appUrl());
    console.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}; ${database.migrations.applied.length} new migration(s) applied.`);
  }

  const db = await getDatabase();
  const { migrations } = await db.health();
  const total = (await readMigrationFiles()).length;
  if (config.SUPABASE_URL && !config.DATABASE_URL && migrations < total) {
    throw new Error(`the Supabase database has ${migrations} of ${total} migrations applied; apply the rest first (supabase db push, or npm run db:migrate with DATABASE_URL)`);
  }

  const server = await createLocalServer({ apiDir: path.join(root, "api"), publicDir: path.join(root, "public") });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, resolve);
  });

  const url = `http://localhost:${config.PORT}`;
  console.log(`\nServing ${url}/api (${db.transport} database, ${migrations} migrations) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  curl ${url}/api/health`);
  if (embedded) await printDemoBusiness();
  printGeneratedSecrets(generated);
  console.log("\nPress Ctrl-C to stop.");

  // Ctrl-C reaches every process of the terminal's group, and tsx relays it once more: the first
  // signal starts the shutdown, repeats must not kill the process half way through it.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    server.close();
    server.closeAllConnections();
    await db.close();
    await embedded?.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

async function refuseWhenMigrationsPending(databaseUrl: string): Promise<void> {
  const sql = openSql(databaseUrl, { max: 1, connectTimeoutSeconds: 10 });
  try {
    const pending = await pendingMigrations(sql);
    if (pending.length > 0) {
      throw new Error(
        `Refusing to start: DATABASE_URL has ${pending.length} pending migration(s):\n` +
          pending.map((m) => `  ${m.fileName}`).join("\n") +
          "\nApply them with `npm run db:migrate` (or `supabase db push`), then start again.",
      );
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Refusing")) throw error;
    throw new Error(`cannot read migrations from DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function printDemoBusiness(): Promise<void> {
  const demo = await (await getDatabase()).getBusiness(DEMO_BUSINESS_ID);
  console.log(`\nDemo business: ${demo.name}`);
  console.log(`  id ${demo.id}, phone ${demo.phoneNumber}, VAPI phone number id ${demo.vapiPhoneNumberId ?? "none"}, ${demo.timezone}`);
}

function printGeneratedSecrets(generated: Record<string, string | undefined>): void {
  const names = Object.keys(generated);
  if (names.length === 0) return;
  console.log("\nSecrets not set in the environment were generated for this run only:");
  for (const name of names) console.log(`  ${name}=${generated[name]}`);
  console.log("Set them yourself (e.g. export ADMIN_API_KEY=…) to keep them across restarts.");
}

main().catch(fail);
