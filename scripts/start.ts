// npm start – the whole service on this machine.
// With neither DATABASE_URL nor SUPABASE_URL set: an embedded PostgreSQL 17 (data in
// EMBEDDED_DB_DIR, kept between runs) with the Supabase roles shim, every migration and the demo
// business. With either set: that database, untouched; pending migrations stop the start.
import type { Server } from "node:http";
import path from "node:path";
import { createSignInLink } from "../lib/auth/create-sign-in-link.js";
import { localSignInSecret } from "../lib/auth/local-sign-in.js";
import type { Database } from "../lib/db/database.js";
import { getDatabase } from "../lib/db/get-database.js";
import { env, fillMissingLocalSecrets, useLocalDatabase, wantsEmbeddedDatabase } from "../lib/env.js";
import { publicBaseUrl } from "../lib/http/public-base-url.js";
import { DEMO_BUSINESS_ID, DEMO_MEMBERS } from "./demo-business.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { fail } from "./fail.js";
import { createLocalServer } from "./local-server/create-local-server.js";
import { refuseWhenMigrationsPending } from "./refuse-when-migrations-pending.js";

const root = path.resolve(import.meta.dirname, "..");

/** What to undo on the way out, in reverse order: the HTTP server, the pool, the embedded PostgreSQL. */
const cleanups: (() => Promise<unknown>)[] = [];
let stopping = false;

async function release(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping …`);
  await release();
  console.log("Stopped.");
  process.exit(0);
}

async function main(): Promise<void> {
  const started = Date.now();
  // Ctrl-C reaches every process of the terminal's group and tsx relays it once more: the first
  // signal starts the shutdown, repeats must not cut it short. The handlers go in before anything
  // starts, so no signal leaves an embedded PostgreSQL running behind us.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal));

  // Secrets are invented only for the embedded database: against a real one, a random
  // TOKEN_ENCRYPTION_KEY per restart would make yesterday's stored tokens unreadable.
  const embedded = wantsEmbeddedDatabase();
  const local = embedded ? fillMissingLocalSecrets() : undefined;
  const config = env();
  if (embedded) await startEmbedded();
  else await refuseWhenMigrationsPending();

  const db = await getDatabase();
  cleanups.push(() => db.close());
  const { migrations } = await db.health();
  const server = await createLocalServer({ apiDir: path.join(root, "api"), publicDir: path.join(root, "public") });
  await listen(server, config.PORT);

  const url = `http://localhost:${config.PORT}`;
  console.log(`\nServing ${url}/api (${db.transport} database, ${migrations} migrations) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  curl ${url}/api/health`);
  if (embedded) {
    await printDemoBusiness(db);
    await printSignInLinks(db);
  }
  if (local) printLocalSecrets(local);
  console.log("\nPress Ctrl-C to stop.");
}

async function startEmbedded(): Promise<void> {
  console.log(`Starting the embedded PostgreSQL in ${env().EMBEDDED_DB_DIR} …`);
  const { server, migrations } = await startEmbeddedDatabase({ seed: true });
  cleanups.push(() => server.stop());
  useLocalDatabase(server.appUrl());
  if (server.dataDir !== path.resolve(env().EMBEDDED_DB_DIR)) {
    console.log(`(PostgreSQL refuses to run as root and its OS user cannot reach that folder, so the data lives in ${server.dataDir})`);
  }
  console.log(`Embedded PostgreSQL on 127.0.0.1:${server.port}; ${migrations.applied.length} new migration(s) applied.`);
}

async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
}

async function printDemoBusiness(db: Database): Promise<void> {
  const demo = await db.getBusiness(DEMO_BUSINESS_ID);
  console.log(`\nDemo business: ${demo.name}`);
  console.log(`  id ${demo.id}, phone ${demo.phoneNumber}, VAPI phone number id ${demo.vapiPhoneNumberId ?? "none"}, ${demo.timezone}`);
}

/**
 * A fresh one-time link per demo member still in the demo business, into the dashboard signed in
 * as them. Printed, not kept: each works once, for 15 minutes, and a restart prints new ones.
 */
async function printSignInLinks(db: Database): Promise<void> {
  if (!localSignInSecret()) return;
  const members = (await db.listBusinessMembers(DEMO_BUSINESS_ID)) ?? [];
  const baseUrl = publicBaseUrl();
  const shown = DEMO_MEMBERS.flatMap((demo) => {
    const member = members.find((m) => m.email === demo.email);
    return member ? [{ ...demo, url: createSignInLink({ userId: member.userId, baseUrl }).url }] : [];
  });
  if (shown.length === 0) return;
  console.log(`
Dashboard (${baseUrl}/dashboard/), as ${shown.map((s) => s.email).join(" or ")}:`);
  for (const { label, url } of shown) console.log(`  ${label} sign-in (one use, 15 min): ${url}`);
  console.log("  More links: npm run cli -- members link <businessId> <email>");
}

/** The secrets an operator uses by hand: the CLI's key, and VAPI's credential to paste into its
 *  dashboard. SIGNING_SECRET, TOKEN_ENCRYPTION_KEY and LOCAL_SESSION_SECRET are never shown (a
 *  terminal's scrollback or a shared screen is no place for them); the file holds them. */
const SHOWN_SECRETS = ["ADMIN_API_KEY", "VAPI_WEBHOOK_SECRET"] as const;

function printLocalSecrets({ supplied, generated, file }: ReturnType<typeof fillMissingLocalSecrets>): void {
  const names = Object.keys(supplied);
  if (names.length === 0) return;
  const relative = path.relative(process.cwd(), file ?? "");
  const where = relative && !relative.startsWith("..") ? relative : file;
  console.log(generated.length ? `\nSecrets not set in the environment were generated and kept in ${where}:` : `\nSecrets not set in the environment come from ${where}:`);
  for (const name of SHOWN_SECRETS) if (supplied[name]) console.log(`  ${name}=${supplied[name]}`);
  const unshown = names.filter((name) => !new Set<string>(SHOWN_SECRETS).has(name));
  if (unshown.length) console.log(`  ${unshown.join(", ")}: in that file, not shown`);
  console.log("npm run simulate and npm run cli on this machine read them from there; set them yourself to override.");
}

main().catch(async (error: unknown) => {
  stopping = true;
  await release();
  fail(error);
});
