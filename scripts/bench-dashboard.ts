// npm run bench:dashboard [-- --calls 10000 --samples 40 --out bench-results --report-only]
// The owner dashboard on a busy line: `npm start` exactly as an operator runs it (embedded
// PostgreSQL, demo business, printed sign-in links), with `--calls` calls in the demo business's
// history, signed in as its owner through the printed one-time link. Times each page's data
// request as the page sends it (the member's bearer token, RLS deciding), one after the other
// so each figure is one owner waiting, and prints median, p95 and worst against the targets:
// the calls page's first data under 300 ms, the overview under 500 ms, as requests and, in
// headless Chromium, on screen. Exits 1 when a median is above its target (unless --report-only).
// See BENCHMARKS.md.
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { openSql } from "../lib/db/open-sql.js";
import { DEMO_BUSINESS_ID } from "./demo-business.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { fail } from "./fail.js";
import { BENCH_DASHBOARD_OPTIONS } from "./bench/bench-dashboard-options.js";
import { freePort } from "./bench/free-port.js";
import { seedCallHistory } from "./bench/seed-call-history.js";

const root = path.resolve(import.meta.dirname, "..");

interface Target {
  name: string;
  path: string;
  /** The most the median may take; pages without one are measured for reference. */
  targetMs?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: BENCH_DASHBOARD_OPTIONS });
  const calls = Number(values.calls);
  const samples = Number(values.samples);
  if (!Number.isInteger(calls) || calls < 10 || !Number.isInteger(samples) || samples < 1) {
    throw new Error("--calls takes a whole number of at least 10, --samples a whole number of at least 1");
  }

  const work = await mkdtemp(path.join(tmpdir(), "bench-dashboard-"));
  await chmod(work, 0o755);
  const cleanups: (() => Promise<unknown>)[] = [() => rm(work, { recursive: true, force: true })];
  try {
    const environment = {
      EMBEDDED_DB_DIR: path.join(work, "db"),
      LOCAL_SECRETS_FILE: path.join(work, "local-secrets.json"),
      EMBEDDED_DB_PORT: String(await freePort()),
    };
    const seedStarted = Date.now();
    await seedEmbeddedDatabase(environment, calls);
    console.log(`Seeded ${calls} calls into the demo business in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`);

    const server = await startService(environment);
    cleanups.push(() => server.stop());
    const token = await signIn(server.url, server.ownerLink);
    console.log(`npm start on ${server.url}; signed in as the demo owner with the printed link.\n`);

    const firstCall = await getJson(server.url, `/api/member/businesses/${DEMO_BUSINESS_ID}/calls?limit=1`, token);
    const callId = (firstCall as { items: { id: string }[] }).items[0]?.id;
    if (!callId) throw new Error("the calls page came back empty: the seed did not reach the service");
    // Measuring a dashboard that does not count the history would measure nothing.
    const overview = (await getJson(server.url, `/api/member/businesses/${DEMO_BUSINESS_ID}/overview`, token)) as { allTime: { calls: number } };
    if (overview.allTime.calls < calls) throw new Error(`the overview counts ${overview.allTime.calls} calls, fewer than the ${calls} seeded`);
    const business = `/api/member/businesses/${DEMO_BUSINESS_ID}`;
    const targets: Target[] = [
      { name: "calls page (first 50)", path: `${business}/calls?limit=50`, targetMs: 300 },
      { name: "overview", path: `${business}/overview`, targetMs: 500 },
      { name: "one call", path: `${business}/calls/${callId}` },
      { name: "bookings (upcoming)", path: `${business}/bookings?when=upcoming&limit=50` },
      { name: "bookings (past)", path: `${business}/bookings?when=past&limit=50` },
      { name: "businesses (switcher)", path: "/api/member/businesses" },
    ];

    const results = [];
    console.log(`${"request".padEnd(24)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)} ${"target".padStart(8)}  bytes`);
    for (const target of targets) {
      for (let i = 0; i < 3; i++) await timeRequest(server.url, target.path, token); // warm-up, not kept
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < samples; i++) {
        const sample = await timeRequest(server.url, target.path, token);
        times.push(sample.ms);
        bytes = sample.bytes;
      }
      const figures = { name: target.name, path: target.path, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), bytes, targetMs: target.targetMs ?? null };
      results.push(figures);
      const verdict = target.targetMs === undefined ? "" : `<${target.targetMs}`;
      console.log(`${target.name.padEnd(24)} ${figures.p50.toFixed(1).padStart(8)} ${figures.p95.toFixed(1).padStart(8)} ${figures.max.toFixed(1).padStart(8)} ${verdict.padStart(8)}  ${bytes}`);
    }

    const browser = await browserFigures(server.url, server.staffLink, samples);
    results.push(...browser);

    await mkdir(values.out, { recursive: true });
    const file = path.join(values.out, "bench-dashboard.json");
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
    await writeFile(file, `${JSON.stringify({ takenAt: new Date().toISOString(), machine, settings: { calls, samples }, overviewCalls: overview.allTime.calls, results }, null, 2)}\n`);
    console.log(`\nFigures written to ${file}.`);

    const over = results.filter((r) => r.targetMs !== null && r.p50 >= r.targetMs);
    if (over.length && !values["report-only"]) throw new Error(over.map((r) => `${r.name}: median ${r.p50.toFixed(1)} ms, target under ${r.targetMs} ms`).join("\n"));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** Migrates and seeds the embedded database npm start will find in EMBEDDED_DB_DIR, then adds the
 *  call history as the superuser (the service's own functions would take minutes for 10,000). */
async function seedEmbeddedDatabase(environment: Record<string, string>, calls: number): Promise<void> {
  Object.assign(process.env, environment);
  const { server } = await startEmbeddedDatabase({ seed: true });
  try {
    const sql = openSql(server.superuserUrl(), { max: 1 });
    try {
      await seedCallHistory(sql, DEMO_BUSINESS_ID, calls);
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await server.stop();
  }
}

interface RunningService {
  url: string;
  ownerLink: string;
  staffLink: string;
  stop(): Promise<void>;
}

/** `npm start` in its own process, as an operator runs it; waits for the owner's sign-in link. */
async function startService(environment: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env: { ...process.env, ...environment, PORT: String(port), LOG_LEVEL: "warn", DATABASE_URL: "", SUPABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const link = /owner[^\n]*?(https?:\/\/\S+#sign-in=\S+)/i.exec(output)?.[1];
    const staffLink = /staff[^\n]*?(https?:\/\/\S+#sign-in=\S+)/i.exec(output)?.[1];
    if (link && staffLink && output.includes("Press Ctrl-C")) return { url: `http://127.0.0.1:${port}`, ownerLink: link, staffLink, stop };
    if (child.exitCode !== null) throw new Error(`npm start stopped while starting:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm start printed no owner sign-in link within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Signs in as the page does: the link's fragment, posted once, answers with a session token. */
async function signIn(base: string, link: string): Promise<string> {
  const fragment = new URL(link).hash.replace(/^#/, "");
  const signInToken = new URLSearchParams(fragment).get("sign-in");
  if (!signInToken) throw new Error(`the printed link carries no sign-in token: ${link}`);
  const response = await fetch(`${base}/api/member/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ link: signInToken }) });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`sign-in with the printed link failed: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function getJson(base: string, route: string, token: string): Promise<unknown> {
  const response = await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One request to the last byte, as the page waits for it; any error status fails the run. */
async function timeRequest(base: string, route: string, token: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${Buffer.from(body).toString("utf8")}`);
  return { ms, bytes: body.byteLength };
}

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * What the owner sees, in headless Chromium, timed inside the page (performance.now(), so the
 * driver's own overhead is not counted): signed in with the printed staff link (the owner's was
 * spent above; staff read the same pages), from the start of a page load (the HTML, our modules,
 * the session, the businesses, then the page's data) and from a click on a tab, to the first
 * data on screen: the calls' first row, the overview's 30-day chart.
 */
async function browserFigures(base: string, staffLink: string, samples: number) {
  if (!existsSync(CHROMIUM)) {
    console.log(`\n(no ${CHROMIUM}: browser figures not taken; apt-get install chromium)`);
    return [];
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/dashboard/${new URL(staffLink).hash}`);
    await page.waitForSelector(".chart-day");
    const business = `${base}/dashboard/#/b/${DEMO_BUSINESS_ID}`;

    // The in-page timers are plain source text: tsx's transform would give functions passed to
    // page.evaluate a helper (__name) that does not exist in the page.
    /** Milliseconds from the page's navigation start until `selector` first matches. */
    const sinceLoad = (selector: string) =>
      page.evaluate<number>(`new Promise((resolve) => {
        const wanted = ${JSON.stringify(selector)};
        const check = () => { if (!document.querySelector(wanted)) return false; observer.disconnect(); resolve(performance.now()); return true; };
        const observer = new MutationObserver(check);
        if (!check()) observer.observe(document, { childList: true, subtree: true });
      })`);
    /** Milliseconds from a click on the link named `tab` until `selector` first matches. */
    const sinceClick = (tab: string, selector: string) =>
      page.evaluate<number>(`new Promise((resolve, reject) => {
        const wanted = ${JSON.stringify(selector)};
        const link = [...document.querySelectorAll("a")].find((a) => a.textContent.trim() === ${JSON.stringify(tab)});
        if (!link) return reject(new Error("no link named " + ${JSON.stringify(tab)}));
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector(wanted)) { observer.disconnect(); resolve(performance.now() - started); }
        });
        observer.observe(document, { childList: true, subtree: true });
        link.click();
      })`);

    const timed = async (name: string, targetMs: number, sample: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < samples + 2; i++) {
        const ms = await sample();
        if (i >= 2) times.push(ms); // the first two warm the caches
      }
      const figures = { name, path: "(browser)", p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), bytes: 0, targetMs };
      console.log(`${name.padEnd(24)} ${figures.p50.toFixed(1).padStart(8)} ${figures.p95.toFixed(1).padStart(8)} ${figures.max.toFixed(1).padStart(8)} ${`<${targetMs}`.padStart(8)}`);
      return figures;
    };
    const CALL_ROW = "ol.call-list > li";
    const CHART = ".chart-day";
    const load = async (route: string, selector: string) => {
      await page.goto("about:blank");
      await page.goto(`${business}/${route}`);
      return sinceLoad(selector);
    };
    const tab = async (from: string, fromSelector: string, name: string, selector: string) => {
      await page.goto(`${business}/${from}`);
      await page.waitForSelector(fromSelector);
      return sinceClick(name, selector);
    };
    if (process.env.BENCH_TRACE) {
      await load("calls", CALL_ROW);
      console.log(await page.evaluate<string>(`performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).map((e) => e.name.replace(location.origin, "") + " " + e.startTime.toFixed(0) + "-" + e.responseEnd.toFixed(0)).join("\\n")`));
    }
    console.log(`\nIn Chromium, to the first data on screen:`);
    return [
      await timed("browser: open calls page", 300, () => load("calls", CALL_ROW)),
      await timed("browser: Calls tab", 300, () => tab("overview", CHART, "Calls", CALL_ROW)),
      await timed("browser: open overview", 500, () => load("overview", CHART)),
      await timed("browser: Overview tab", 500, () => tab("calls", CALL_ROW, "Overview", CHART)),
    ];
  } finally {
    await browser.close();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

main().catch(fail);
