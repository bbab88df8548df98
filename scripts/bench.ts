// npm run bench [-- --calls 100,500 --calcom-latency 150 --lines 30 --ramp-ms 2000 --cold-samples 5 --out bench-results]
// The service under load, as VAPI would load it: a server process on the embedded database (or
// DATABASE_URL) with a local fake Cal.com answering after a fixed latency, driven by N concurrent
// simulated calls (assistant-request, status updates, transcript lines, two availability checks, a
// booking, end-of-call-report), all HMAC-signed. Prints latency per message type beside a floor
// measured under the same load, database round trips per event (counted by the server), rows
// expected vs found, the server's peak memory, and each route's cold-start import time. Writes the
// figures as JSON and a chart as SVG. See BENCHMARKS.md.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile, chmod } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { saveCalcomConnection } from "../lib/connections/save-calcom-connection.js";
import { createDatabase, type Database } from "../lib/db/database.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { startEmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { openSql } from "../lib/db/open-sql.js";
import { databaseEnv, env, fillMissingLocalSecrets, useLocalDatabase } from "../lib/env.js";
import { CALENDAR_FALLBACK } from "../lib/vapi/tools/tool-context.js";
import { BENCH_OPTIONS } from "./bench/bench-options.js";
import { coldStarts } from "./bench/cold-start.js";
import { startFakeCalcom, type FakeCalcom } from "./bench/fake-calcom.js";
import { freePort } from "./bench/free-port.js";
import { latencyChart } from "./bench/latency-chart.js";
import { latencyTable, newSamples, summarize, type KindSamples } from "./bench/latency-stats.js";
import { countRows } from "./bench/count-rows.js";
import { FLOOR, simulatedCall } from "./bench/simulated-call.js";
import { fail } from "./fail.js";

const root = path.resolve(import.meta.dirname, "..");
const CALLS_PER_BUSINESS = 5;
const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: BENCH_OPTIONS });
  const sizes = values.calls.split(",").map(Number);
  const latencyMs = Number(values["calcom-latency"]);
  const transcriptLines = Number(values.lines);
  const rampMs = Number(values["ramp-ms"]);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(latencyMs >= 0) || !Number.isInteger(transcriptLines) || !(rampMs >= 0)) {
    throw new Error("--calls takes whole numbers (e.g. 100,500); --calcom-latency, --lines and --ramp-ms numbers");
  }

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const calcom = await startFakeCalcom(latencyMs);
    cleanups.push(() => calcom.close());
    process.env.CALCOM_API_URL = calcom.url;
    const database = await benchDatabase(cleanups);
    fillMissingLocalSecrets({ keep: false });
    const businesses = Math.ceil(Math.max(...sizes) / CALLS_PER_BUSINESS);
    const lines = await seedBusinesses(database, businesses);
    cleanups.push(() => removeBusinesses(database));

    const samples = Number(values["cold-samples"]) || 1;
    console.log(`Cold start: importing each route in a fresh Node process (median of ${samples}) …`);
    const cold = await coldStarts(root, samples);
    for (const { route, importMs } of cold) console.log(`  ${route.padEnd(40)} ${importMs.toFixed(1).padStart(7)} ms`);

    const server = await startServer(database);
    cleanups.push(() => server.stop());
    console.log(`\nServer pid ${server.pid} on ${server.url}; fake Cal.com answers after ${latencyMs} ms; ${businesses} businesses on Cal.com.`);

    // Warm up first (JIT, connection pools), on a day of its own; its figures are not kept.
    await loadRun({ calls: 10, index: sizes.length, lines, server, calcom, database, transcriptLines, rampMs, quiet: true });
    const runs = [];
    for (const [index, calls] of sizes.entries()) {
      const run = await loadRun({ calls, index, lines, server, calcom, database, transcriptLines, rampMs, quiet: false });
      if (run) runs.push(run);
    }
    // Anything lost, doubled or unexplained, or any request refused, fails the run (exit 1).
    const problems = runs.flatMap((run) => [
      ...Object.entries(run.rows).filter(([, r]) => r.lost || r.duplicated || r.unexpected).map(([name, r]) => `${run.calls} calls: ${name} lost ${r.lost}, duplicated ${r.duplicated}, unexpected ${r.unexpected}`),
      ...run.latency.filter((l) => l.errors).map((l) => `${run.calls} calls: ${l.kind} answered ${l.errors} time(s) with an error status`),
    ]);
    const results = {
      takenAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings: { sizes, calcomLatencyMs: latencyMs, transcriptLines, rampMs, callsPerBusiness: CALLS_PER_BUSINESS },
      coldStart: cold,
      runs,
      problems,
    };
    await mkdir(path.resolve(values.out), { recursive: true });
    await writeFile(path.resolve(values.out, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
    const first = runs[0];
    if (first) await writeFile(path.resolve(values.out, "bench.svg"), latencyChart(first.latency, `p50/p95/p99 by message type, ${first.calls} concurrent calls, Cal.com ${latencyMs} ms`));
    console.log(`\nWrote ${path.join(values.out, "bench.json")} and ${path.join(values.out, "bench.svg")}.`);
    if (problems.length > 0) {
      console.error(`\nFAILED:\n  ${problems.join("\n  ")}`);
      process.exitCode = 1;
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

interface BenchDatabase {
  appUrl: string;
  db: Database;
  label: string;
}

/** DATABASE_URL when set (migrated already), else a throwaway embedded PostgreSQL 17. */
async function benchDatabase(cleanups: (() => Promise<unknown>)[]): Promise<BenchDatabase> {
  const external = databaseEnv().DATABASE_URL;
  let appUrl = external;
  let label = "DATABASE_URL";
  if (!appUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), "bench-pg-"));
    await chmod(dir, 0o755);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), ephemeral: true });
    cleanups.push(() => pg.stop());
    await bootstrapDatabase({ superuserUrl: pg.superuserUrl(), appUrl: pg.appUrl(), seed: false });
    appUrl = pg.appUrl();
    label = "embedded PostgreSQL 17";
  }
  useLocalDatabase(appUrl);
  const db = createDatabase(createDirectTransport(appUrl));
  cleanups.push(() => db.close());
  return { appUrl, db, label };
}

const BENCH_PREFIX = "Bench business";

/** Businesses open every day 9–5 in New York, each connected to the fake Cal.com. */
async function seedBusinesses(database: BenchDatabase, count: number): Promise<{ phoneNumberId: string; number: string }[]> {
  await removeBusinesses(database);
  const lines = [];
  const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));
  for (let b = 0; b < count; b += 1) {
    const line = { phoneNumberId: `bench-pn-${b}-${randomUUID().slice(0, 8)}`, number: `+1555${String(3_000_000 + b).padStart(7, "0")}` };
    const business = await database.db.createBusiness({ name: `${BENCH_PREFIX} ${b}`, phoneNumber: line.number, vapiPhoneNumberId: line.phoneNumberId, timezone: "America/New_York", businessHours: everyDay, slotMinutes: 30 });
    await saveCalcomConnection(database.db, {
      businessId: business.id,
      authType: "oauth",
      accessToken: `bench-access-${b}`,
      refreshToken: `bench-refresh-${b}`,
      expiresAt: new Date(Date.now() + DAY_MS),
      account: { id: 9000 + b, username: `bench-${b}` },
      scope: null,
      eventTypes: [{ id: 50_000 + b, slug: "visit", title: "Visit", lengthInMinutes: 30, requiresEmail: false, timeZone: null }],
      defaultEventTypeId: 50_000 + b,
    });
    lines.push(line);
  }
  return lines;
}

async function removeBusinesses(database: BenchDatabase): Promise<void> {
  const sql = openSql(database.appUrl, { max: 1 });
  try {
    await sql`delete from public.businesses where name like ${`${BENCH_PREFIX} %`}`;
  } finally {
    await sql.end();
  }
}

interface BenchServer {
  url: string;
  pid: number;
  /** Peak and current resident memory of the server process, in MiB (Linux /proc). */
  memory(): Promise<{ peakMiB: number; currentMiB: number } | null>;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it, in its own process, on the bench database. */
async function startServer(database: BenchDatabase): Promise<BenchServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.appUrl, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped while starting:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    async memory() {
      const status = await readFile(`/proc/${child.pid ?? 0}/status`, "utf8").catch(() => "");
      const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
      return status ? { peakMiB: kib("VmHWM") / 1024, currentMiB: kib("VmRSS") / 1024 } : null;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function loadRun(input: {
  calls: number;
  index: number;
  lines: { phoneNumberId: string; number: string }[];
  server: BenchServer;
  calcom: FakeCalcom;
  database: BenchDatabase;
  transcriptLines: number;
  /** Calls start spread over this long (phones don't all ring in the same millisecond). */
  rampMs: number;
  quiet: boolean;
}) {
  const { calls, index, server } = input;
  const businesses = Math.ceil(calls / CALLS_PER_BUSINESS);
  // Each run books on its own day, two weeks ahead; call j of a business takes its j-th half hour.
  const day = new Date(Date.now() + (14 + index) * DAY_MS).toISOString().slice(0, 10);
  const samples = new Map<string, KindSamples>();
  const of = (kind: string) => {
    const entry = samples.get(kind) ?? newSamples();
    samples.set(kind, entry);
    return entry;
  };
  const record = (kind: string, answer: { status: number; ms: number; roundTrips: number | undefined; spoken?: string }, pairedWith?: string) => {
    const entry = of(kind);
    entry.latencies.push(answer.ms);
    if (answer.roundTrips !== undefined) entry.roundTrips.push(answer.roundTrips);
    if (answer.status !== 200) entry.errors += 1;
    if (answer.spoken === CALENDAR_FALLBACK) entry.fallbacks += 1;
    if (pairedWith) of(pairedWith).pairedFloor.push(answer.ms);
  };
  console.log(`\n${input.quiet ? "Warming up with " : ""}${calls} concurrent calls (${businesses} businesses, ${input.transcriptLines} transcript lines each) …`);
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (input.rampMs * i) / calls));
      const slot = Math.floor(i / businesses);
      const minutes = 9 * 60 + slot * 30;
      const bookAt = `${day}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      return simulatedCall(
        {
          webhookUrl: `${server.url}/api/vapi-webhook`,
          healthUrl: `${server.url}/api/health`,
          secret: env().VAPI_WEBHOOK_SECRET,
          line: input.lines[i % businesses] ?? { phoneNumberId: "", number: "" },
          caller: `+1555${String(6_000_000 + index * 100_000 + i).padStart(7, "0")}`,
          day,
          bookAt,
          transcriptLines: input.transcriptLines,
        },
        record,
      );
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (input.quiet) return undefined;
  const latency = summarize(samples, seconds, FLOOR);
  const rows = await countRows(input.database.appUrl, outcomes, input.calcom);
  const memory = await server.memory();
  const requests = latency.reduce((sum, r) => sum + r.count, 0);
  console.log(`${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)} req/s) on ${input.database.label}\n`);
  console.log(latencyTable(latency));
  console.log(`\nrows          expected    found     lost  duplicated  unexpected`);
  for (const [name, r] of Object.entries(rows)) console.log(`${name.padEnd(13)} ${String(r.expected).padStart(8)} ${String(r.found).padStart(8)} ${String(r.lost).padStart(8)} ${String(r.duplicated).padStart(11)} ${String(r.unexpected).padStart(11)}`);
  if (memory) console.log(`\nserver memory: peak ${memory.peakMiB.toFixed(0)} MiB, now ${memory.currentMiB.toFixed(0)} MiB`);
  return { calls, businesses, seconds, requests, latency, rows, serverMemory: memory };
}

main().then(() => process.exit(process.exitCode ?? 0), fail);
