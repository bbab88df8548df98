import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { http, passthrough } from "msw";
import postgres from "postgres";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "../lib/db/migrations/apply-migrations.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { DEMO_BUSINESS_ID } from "../scripts/demo-business.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { freePort } from "./support/free-port.js";
import { server } from "./support/msw-server.js";
import { runCommand } from "./support/run-command.js";
import { createScratchDatabase } from "./support/scratch-database.js";
import { testSecrets } from "./support/running-service.js";
import { startService, startServiceExpectingFailure } from "./support/service-process.js";
import { uniquePhoneNumber } from "./support/test-db.js";

const defer = deferredCleanup();

// The service under test is a real process on a local port: let those requests through msw.
beforeEach(() => server.use(http.all(/^http:\/\/localhost:\d+\/.*/, () => passthrough())));

/** Whether a PostgreSQL server answers on the port (msw's socket layer makes a bare TCP connect
 *  look successful, so ask the real protocol a real question). */
async function isPostgresUp(port: number): Promise<boolean> {
  const sql = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, connect_timeout: 3 });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe("npm start with no database configured", () => {
  it("serves /api/health on a new embedded database, and again after Ctrl-C and a restart with the data kept", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "npm-start-"));
    await chmod(dir, 0o755);
    defer(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const dbPort = await freePort();
    const env = { NODE_ENV: "development", PORT: String(port), EMBEDDED_DB_DIR: path.join(dir, "pg"), EMBEDDED_DB_PORT: String(dbPort), LOCAL_SECRETS_FILE: path.join(dir, "local-secrets.json") };
    const migrations = (await readMigrationFiles()).length;

    const first = await startService(env);
    defer(() => first.stop("SIGKILL"));
    expect(first.output()).toContain(`${migrations} new migration(s) applied`);
    expect(first.output()).toContain(`Demo business: Bright Smile Dental (demo)`);
    expect(first.output()).toContain(DEMO_BUSINESS_ID);
    expect(first.output()).toMatch(/ADMIN_API_KEY=\S{24,}/);
    expect(first.output()).toMatch(/VAPI_WEBHOOK_SECRET=\S{16,}/);
    // The signing and token-encryption keys stay in the file: named, never shown.
    expect(first.output()).toContain("  SIGNING_SECRET, TOKEN_ENCRYPTION_KEY, LOCAL_SESSION_SECRET: in that file, not shown\n");
    expect(first.output()).not.toMatch(/SIGNING_SECRET=|TOKEN_ENCRYPTION_KEY=|LOCAL_SESSION_SECRET=/);
    expect(await getJson(`http://localhost:${port}/api/health`)).toEqual({ status: 200, body: { status: "ok", database: "ok", migrations } });

    expect(await isPostgresUp(dbPort)).toBe(true);

    // The README's scripted call from a second terminal: no secret given, it finds the one npm start kept.
    expect(first.output()).toContain(`generated and kept in ${path.join(dir, "local-secrets.json")}`);
    const simulated = await runCommand("npm", ["run", "--silent", "simulate", "--", "--url", `http://localhost:${port}`], {
      LOCAL_SECRETS_FILE: env.LOCAL_SECRETS_FILE,
    });
    expect(simulated.stderr).toBe("");
    expect(simulated.stdout).toMatch(/\[createBooking [\dT:-]+\] You're booked for/);
    expect(simulated.stdout).toMatch(/call {5}ended, customer-ended-call/);
    expect(simulated.stdout).toMatch(/booking {2}\S+ for Ada Lovelace \(\+1555\d{7}\), confirmed, call linked/);
    // …and the operator CLI, from that same terminal with nothing set but the server's port, lists the call with its booking.
    const listed = await runCommand("npm", ["run", "--silent", "cli", "--", "calls", "list"], { LOCAL_SECRETS_FILE: env.LOCAL_SECRETS_FILE, RECEPTIONIST_URL: `http://localhost:${port}` });
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^CALL +BUSINESS +STARTED +STATUS +CALLER +LENGTH +BOOKING +SUMMARY\n[0-9a-f-]{36} {2}Bright Smile Dental \(demo\) {2}\S+ \S+ E[SD]T {2}ended +\+1555\d{7} +\d+s {2}\S+ \d{2}:\d{2} E[SD]T confirmed {2}Caller booked a cleaning\.\n$/);

    // Something written during the first run must survive the restart.
    const phone = uniquePhoneNumber();
    const sql = postgres(`postgres://postgres@127.0.0.1:${dbPort}/postgres`, { max: 1 });
    await sql`insert into businesses (name, phone_number, timezone) values ('Kept across restarts', ${phone}, 'UTC')`;
    await sql.end();

    // Ctrl-C: the service closes its pool and shuts PostgreSQL down (nothing left listening).
    await first.stop("SIGINT");
    expect(first.output()).toContain("SIGINT: stopping");
    expect(first.output()).toContain("Stopped.");
    expect(await isPostgresUp(dbPort)).toBe(false);

    const second = await startService(env);
    defer(() => second.stop("SIGKILL"));
    expect(second.output()).toContain("0 new migration(s) applied");
    // The same secrets as before the restart (tokens sealed with them stay readable).
    expect(second.output()).toContain(`come from ${path.join(dir, "local-secrets.json")}`);
    expect(/ADMIN_API_KEY=(\S+)/.exec(second.output())?.[1]).toBe(/ADMIN_API_KEY=(\S+)/.exec(first.output())?.[1]);
    const secrets = JSON.parse(await readFile(env.LOCAL_SECRETS_FILE, "utf8")) as Record<string, string>;
    for (const name of ["SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY", "LOCAL_SESSION_SECRET"]) {
      expect(secrets[name]).toBeTruthy();
      expect(first.output() + second.output()).not.toContain(secrets[name]);
    }
    expect(await getJson(`http://localhost:${port}/api/health`)).toEqual({ status: 200, body: { status: "ok", database: "ok", migrations } });
    const again = postgres(`postgres://postgres@127.0.0.1:${dbPort}/postgres`, { max: 1 });
    const kept = await again`select name from businesses where phone_number = ${phone}`;
    const demos = await again`select count(*)::int as n from businesses where id = ${DEMO_BUSINESS_ID}`;
    await again.end();
    expect(kept.map((r) => r.name)).toEqual(["Kept across restarts"]);
    expect(demos[0]?.n).toBe(1);

    const missing = await fetch(`http://localhost:${port}/api/no-such-route`);
    expect(missing.status).toBe(404);
    const wrongMethod = await fetch(`http://localhost:${port}/api/health`, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    await second.stop("SIGTERM");
    expect(second.output()).toContain("Stopped.");
    expect(await isPostgresUp(dbPort)).toBe(false);
  });
});

describe("npm start with DATABASE_URL", () => {
  it("serves a migrated database without seeding it, and needs the secrets set", async () => {
    const scratch = await createScratchDatabase();
    defer(() => scratch.drop());
    const sql = postgres(scratch.appUrl, { max: 1, onnotice: () => undefined });
    defer(() => sql.end());
    await applyMigrations(sql);
    const port = await freePort();

    const withoutSecrets = await startServiceExpectingFailure({ NODE_ENV: "development", PORT: String(port), DATABASE_URL: scratch.appUrl });
    expect(withoutSecrets.output).toContain("ADMIN_API_KEY: is required");

    const service = await startService({ NODE_ENV: "development", PORT: String(port), DATABASE_URL: scratch.appUrl, ...testSecrets() });
    defer(() => service.stop("SIGKILL"));
    expect(await getJson(`http://localhost:${port}/api/health`)).toMatchObject({ status: 200, body: { database: "ok" } });
    await service.stop();
    expect(service.output()).toContain("Stopped.");
    expect(service.output()).not.toContain("Embedded PostgreSQL");
    expect(service.output()).not.toContain("Secrets not set in the environment");
    // Local sign-in is the embedded database's: no links against a database of the operator's.
    expect(service.output()).not.toContain("sign-in");
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from businesses`;
    expect(row?.n).toBe(0);
  });

  it("refuses to start while migrations are pending, naming them", async () => {
    const scratch = await createScratchDatabase();
    defer(() => scratch.drop());
    const failed = await startServiceExpectingFailure({ NODE_ENV: "development", PORT: String(await freePort()), DATABASE_URL: scratch.appUrl, ...testSecrets() });
    expect(failed.code).toBe(1);
    const files = await readMigrationFiles();
    expect(failed.output).toContain(`Refusing to start: DATABASE_URL has ${files.length} pending migration(s) of ${files.length}`);
    expect(failed.output).toContain(files[0]?.fileName);
    expect(failed.output).toContain("npm run db:migrate");
  });

  it("stops at a malformed DATABASE_URL with a message naming it and not its value", async () => {
    const failed = await startServiceExpectingFailure({ NODE_ENV: "development", DATABASE_URL: "postgres//admin:hunter2secret@db" });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    expect(failed.output).not.toContain("hunter2secret");
  });
});

describe("npm start that fails after starting its embedded database", () => {
  it("stops that PostgreSQL again instead of leaving it running", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "npm-start-"));
    await chmod(dir, 0o755);
    defer(() => rm(dir, { recursive: true, force: true }));
    const dbPort = await freePort();
    const busy = createServer().listen(0, "127.0.0.1");
    await once(busy, "listening");
    defer(() => new Promise((resolve) => busy.close(resolve)));
    const { port } = busy.address() as AddressInfo;

    const failed = await startServiceExpectingFailure({ NODE_ENV: "development", PORT: String(port), EMBEDDED_DB_DIR: path.join(dir, "pg"), EMBEDDED_DB_PORT: String(dbPort), LOCAL_SECRETS_FILE: path.join(dir, "local-secrets.json") });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain("Embedded PostgreSQL on");
    expect(failed.output).toContain("EADDRINUSE");
    expect(await isPostgresUp(dbPort)).toBe(false);
  });
});

describe("npm start in production", () => {
  it("refuses to invent secrets and names every missing one", async () => {
    const failed = await startServiceExpectingFailure({ NODE_ENV: "production", DATABASE_URL: inject("databaseUrl") });
    expect(failed.code).toBe(1);
    for (const name of ["ADMIN_API_KEY", "VAPI_WEBHOOK_SECRET", "SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]) {
      expect(failed.output).toContain(`${name}: is required`);
    }
  });

  it("refuses LOCAL_SESSION_SECRET by name, without showing it: no local sign-in in production", async () => {
    const value = "local-session-secret-set-by-mistake-0123456789";
    const failed = await startServiceExpectingFailure({ NODE_ENV: "production", DATABASE_URL: inject("databaseUrl"), ...testSecrets(), LOCAL_SESSION_SECRET: value });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain("LOCAL_SESSION_SECRET: must not be set in production");
    expect(failed.output).not.toContain(value);
  });
});
