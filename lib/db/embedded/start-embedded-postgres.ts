import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chown, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { canUse, postgresOsUser, type OsUser } from "./os-user.js";
import { resolvePostgresBinaries, type PostgresMajor } from "./postgres-binaries.js";

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  major?: PostgresMajor;
  /** Throwaway clusters (tests) trade durability for speed: no fsync at all. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  port: number;
  /** Where the data really is: options.dataDir, unless the server's OS user cannot reach it. */
  dataDir: string;
  /** The cluster's superuser (`supabase_admin`, as on Supabase): for the roles shim only. */
  superuserUrl(database?: string): string;
  /** The non-superuser `postgres` the shim creates: runs migrations and serves the app. */
  appUrl(database?: string): string;
  stop(): Promise<void>;
}

const SUPERUSER = "supabase_admin";
const READY = "database system is ready to accept connections";

/**
 * Runs a real PostgreSQL server from the npm-installed binaries: nothing to install beyond
 * `npm ci`. It listens on 127.0.0.1 only and trusts local connections, which is what a local
 * development database on one machine needs; never point production traffic at it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runAs = await postgresOsUser();
  const binaries = await resolvePostgresBinaries(options.major ?? 17, runAs);
  const dataDir = await reachableDataDir(path.resolve(options.dataDir), runAs);
  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    await prepareDirectory(dataDir, runAs);
    const flags = ["-D", dataDir, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C"];
    await runToEnd(binaries.initdb, options.ephemeral ? [...flags, "--no-sync"] : flags, runAs);
  }
  const settings = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=200",
    ...(options.ephemeral ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const child = spawn(
    binaries.postgres,
    ["-D", dataDir, "-p", String(options.port), ...settings.flatMap((s) => ["-c", s])],
    { ...runAs, stdio: ["ignore", "ignore", "pipe"] },
  );
  await waitUntilReady(child, options.onLog);
  const url = (user: string, database = "postgres") => `postgres://${user}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    dataDir,
    superuserUrl: (database) => url(SUPERUSER, database),
    appUrl: (database) => url("postgres", database),
    stop: () => stopServer(child),
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/**
 * As root the server runs as OS user postgres, which cannot enter a private home such as /root. A
 * repository cloned there keeps its data in /var/tmp instead (one folder per configured path)
 * rather than failing on a permission error.
 */
async function reachableDataDir(dataDir: string, runAs: OsUser | undefined): Promise<string> {
  // Parents keep the default mode so the server's OS user can traverse them.
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (!runAs || (await canUse(path.dirname(dataDir), runAs))) return dataDir;
  const id = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  const fallback = path.join("/var/tmp", `ai-receptionist-${id}`, path.basename(dataDir));
  await mkdir(path.dirname(fallback), { recursive: true });
  return fallback;
}

async function prepareDirectory(dir: string, runAs: OsUser | undefined): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
}

function runToEnd(program: string, args: string[], runAs: OsUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(program)} failed (exit ${code}):\n${output}`)),
    );
  });
}

function waitUntilReady(child: ChildProcess, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    let ready = false;
    child.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        onLog?.(line);
        recent.push(line);
        if (recent.length > 30) recent.shift();
        if (!ready && line.includes(READY)) {
          ready = true;
          resolve();
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (ready) return;
      const log = recent.join("\n");
      const hint = /lock file "postmaster.pid" already exists|Address already in use/.test(log)
        ? "\nAnother PostgreSQL (perhaps one left running by an earlier run that was killed) holds this data directory or port; stop it, or set EMBEDDED_DB_PORT / EMBEDDED_DB_DIR."
        : "";
      reject(new Error(`embedded PostgreSQL exited (code ${code}) before it was ready:\n${log}${hint}`));
    });
  });
}

/** SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGQUIT"), 30_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGINT");
  });
}
