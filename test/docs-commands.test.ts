// Every command in the guides (README.md, CALCOM_SETUP.md, BENCHMARKS.md) is run: here, against a
// real server on a database of its own, or by CI or another test, which this file checks. A command
// added to a guide without a rule below fails the test: copy-paste bugs in docs are bugs.
import { exec } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { Server } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import postgres from "postgres";
import { applySqlFile } from "../lib/db/migrations/apply-sql-file.js";
import { projectFiles } from "../lib/db/migrations/project-files.js";
import { useLocalDatabase } from "../lib/env.js";
import { BENCH_DASHBOARD_OPTIONS } from "../scripts/bench/bench-dashboard-options.js";
import { BENCH_OPTIONS } from "../scripts/bench/bench-options.js";
import { createLocalServer } from "../scripts/local-server/create-local-server.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { freePort } from "./support/free-port.js";
import { server as msw } from "./support/msw-server.js";
import { cleanEnv, repoRoot } from "./support/run-command.js";
import { createScratchDatabase, type ScratchDatabase } from "./support/scratch-database.js";

const run = promisify(exec);
const GUIDES = ["README.md", "CALCOM_SETUP.md", "BENCHMARKS.md"];

interface DocCommand {
  guide: string;
  line: number;
  language: "bash" | "sql";
  text: string;
  /** The `# …` line right after it, when the guide shows what it prints. */
  shows?: string;
}

type Rule =
  | { how: "run here" }
  | { how: "CI"; why: string }
  | { how: "test"; file: string; mustContain: string[] }
  | { how: "not runnable here"; why: string };

/** How each kind of command in the guides is verified. Exactly one rule must match each command. */
const RULES: [RegExp, Rule][] = [
  [/^npm ci$/, { how: "CI", why: ".ci/run runs it first" }],
  [/^npm test$/, { how: "CI", why: ".ci/run runs it" }],
  [/^npm run (typecheck|lint)$/, { how: "CI", why: ".ci/run runs it after the tests" }],
  [/^npm start$/, { how: "test", file: "test/support/service-process.ts", mustContain: ['spawn("npm", ["start"]'] }],
  [/^npm run test:faults$/, { how: "test", file: "package.json", mustContain: ['"test:faults": "vitest run test/faults"'] }],
  // Not in npm test (the issue's own rule): it installs the Vercel CLI and builds for a minute or two.
  [/^npm run check:vercel$/, { how: "test", file: "package.json", mustContain: ['"check:vercel": "tsx scripts/check-vercel.ts"'] }],
  [/^(DATABASE_URL=\S+ )?npm run bench( -- .*)?$/, { how: "test", file: "test/bench.test.ts", mustContain: ['"bench"', '"--calls"', '"--calcom-latency"', '"--out"', "DATABASE_URL"] }],
  [/^npm run bench:dashboard( -- .*)?$/, { how: "test", file: "test/bench-dashboard.test.ts", mustContain: ['"bench:dashboard"', '"--calls"', '"--samples"', '"--out"'] }],
  // The browser tests' one system package: .ci/run installs it the same way when it is missing.
  [/^(sudo )?apt-get (update && (sudo )?apt-get )?install -y chromium$/, { how: "test", file: ".ci/run", mustContain: ["apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"] }],
  [/^(supabase|vercel) /, { how: "not runnable here", why: "needs the Supabase or Vercel CLI and an account" }],
  [/^curl /, { how: "run here" }],
  [/^([A-Z_]+=\S+ )*npm run (db:migrate|db:seed|simulate|cli)\b/, { how: "run here" }],
  [/^(insert|select|update) /i, { how: "run here" }],
];

/** The fenced bash and sql blocks of a guide, one entry per command (continued lines joined). */
function commandsOf(guide: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```(bash|sh|sql)\s*$/.exec(lines[i] ?? "");
    if (!fence) continue;
    const language = fence[1] === "sql" ? "sql" : "bash";
    let j = i + 1;
    const block: { text: string; line: number }[] = [];
    for (; j < lines.length && !(lines[j] ?? "").startsWith("```"); j += 1) block.push({ text: lines[j] ?? "", line: j + 1 });
    i = j;
    if (language === "sql") {
      commands.push({ guide, line: block[0]?.line ?? 0, language, text: block.map((b) => b.text).join("\n").trim() });
      continue;
    }
    for (let k = 0; k < block.length; k += 1) {
      const first = block[k];
      if (!first || first.text.trim() === "" || first.text.trim().startsWith("#")) continue;
      let text = first.text;
      while (text.trimEnd().endsWith("\\") && k + 1 < block.length) text = `${text.trimEnd().slice(0, -1)} ${(block[++k]?.text ?? "").trim()}`;
      const next = block[k + 1]?.text.trim();
      // A trailing "  # comment" explains the command; it is not part of it.
      const command = text.replace(/\s+#\s.*$/, "").trim();
      commands.push({ guide, line: first.line, language, text: command, ...(next?.startsWith("# ") ? { shows: next.slice(2) } : {}) });
    }
  }
  return commands;
}

function ruleOf(command: DocCommand): Rule[] {
  return RULES.filter(([pattern]) => pattern.test(command.text)).map(([, rule]) => rule);
}

let commands: DocCommand[] = [];
let scratch: ScratchDatabase;
let server: Server;
let base = "";
const calcom = installCalcomFake();

beforeAll(async () => {
  for (const guide of GUIDES) commands.push(...commandsOf(guide, await readFile(path.join(repoRoot, guide), "utf8")));
  commands = commands.filter((c) => c.text !== "");
  scratch = await createScratchDatabase();
  // The server of this file reads that database (set before anything opens one).
  useLocalDatabase(scratch.appUrl);
  server = await createLocalServer({ apiDir: path.join(repoRoot, "api"), publicDir: path.join(repoRoot, "public"), logRequests: false });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${port}`;
}, 60_000);

// Requests to this file's own server go to it; msw fakes only Cal.com.
beforeEach(() => msw.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough())));

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const { getDatabase } = await import("../lib/db/get-database.js");
  await (await getDatabase()).close();
  await scratch.drop();
});

describe("the guides' commands", () => {
  it("each has exactly one rule saying how it is verified", () => {
    expect(commands.length).toBeGreaterThan(15);
    const unruled = commands.filter((c) => ruleOf(c).length !== 1).map((c) => `${c.guide}:${c.line} ${c.text} (${ruleOf(c).length} rules)`);
    expect(unruled).toEqual([]);
  });

  it("those run by CI are in .ci/run, and those run by other tests are in them", async () => {
    const ciLines = (await readFile(path.join(repoRoot, ".ci/run"), "utf8")).split("\n").map((l) => l.trim());
    for (const command of commands) {
      const [rule] = ruleOf(command);
      if (rule?.how === "CI") expect(ciLines, `${command.guide}:${command.line} ${command.text}`).toContain(command.text);
      // A bench's flags must be ones its script takes (a misspelt one would stop it).
      const benchOptions = /^(DATABASE_URL=\S+ )?npm run bench:dashboard\b/.test(command.text)
        ? BENCH_DASHBOARD_OPTIONS
        : /^(DATABASE_URL=\S+ )?npm run bench\b/.test(command.text) ? BENCH_OPTIONS : undefined;
      if (benchOptions) {
        for (const flag of command.text.matchAll(/--([a-z-]+)/g)) expect(Object.keys(benchOptions), `${command.text}: --${flag[1]}`).toContain(flag[1]);
      }
      if (rule?.how === "test") {
        const source = await readFile(path.join(repoRoot, rule.file), "utf8");
        for (const needle of rule.mustContain) expect(source, `${command.text}: ${rule.file} must contain ${needle}`).toContain(needle);
      }
    }
  });

  it("the rest run as written against a server on a database of their own, in the order of the guides", { timeout: 240_000 }, async () => {
    const sql = postgres(scratch.superuserUrl, { max: 1, onnotice: () => undefined });
    const app = postgres(scratch.appUrl, { max: 1, onnotice: () => undefined });
    try {
      // A Supabase Auth user to link (the SQL step); the business is made as an operator would.
      await sql`insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', 'authenticated', 'owner@example.com')`;
      const runHere = commands.filter((c) => ruleOf(c)[0]?.how === "run here");
      // The migration comes first whatever its place in the guides: everything else needs the schema.
      const ordered = [...runHere.filter((c) => /npm run db:migrate\b/.test(c.text)), ...runHere.filter((c) => !/npm run db:migrate\b/.test(c.text))];
      let businessId = "";
      for (const command of ordered) {
        const where = `${command.guide}:${command.line} ${command.text.slice(0, 120)}`;
        if (!businessId && !/npm run db:migrate\b/.test(command.text)) {
          // After the migration: the demo business (npm run simulate calls its line) and a business
          // made through the API, for the commands that name "<business id>".
          await applySqlFile(sql, projectFiles.seedFile);
          businessId = await createBusiness();
        }
        // The newest call (once there is a schema): what "<call id>" means after npm run simulate.
        const [latest] = businessId ? await sql<{ id: string }[]>`select id from public.calls order by created_at desc limit 1` : [];
        const values = { base, businessId, appUrl: scratch.appUrl, callId: latest?.id ?? "<no call yet>" };
        const text = substitute(command.text, values);
        if (command.language === "sql") {
          // As Supabase's SQL editor runs it: the project's postgres role, not a superuser.
          await app.unsafe(text);
          continue;
        }
        const result = await run(text, { cwd: repoRoot, env: commandEnv(), timeout: 120_000, shell: "/bin/bash" }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
          throw new Error(`${where}\nexit ${error.code}\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
        });
        if (command.shows) expectShown(substitute(command.shows, values), result.stdout, where);
      }
      // The SQL step linked the owner to the business.
      expect(await sql`select m.role from business_members m join auth.users u on u.id = m.user_id where u.email = 'owner@example.com' and m.business_id = ${businessId}`).toEqual([{ role: "owner" }]);
    } finally {
      await sql.end();
      await app.end();
    }
  });
});

/** The environment an operator's terminal has: the secrets of the server, its URL. */
function commandEnv(): NodeJS.ProcessEnv {
  return cleanEnv({
    ADMIN_API_KEY: process.env.ADMIN_API_KEY,
    VAPI_WEBHOOK_SECRET: process.env.VAPI_WEBHOOK_SECRET,
    RECEPTIONIST_URL: base,
  });
}

async function createBusiness(): Promise<string> {
  const response = await fetch(`${base}/api/businesses`, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.ADMIN_API_KEY ?? ""}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Docs Dental", phoneNumber: "+15557770000", timezone: "America/New_York", businessHours: { mon: [{ open: "09:00", close: "17:00" }] } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The guides' placeholders, made real: this server, this business, a fake Cal.com key. */
function substitute(text: string, values: { base: string; businessId: string; appUrl: string; callId: string }): string {
  return text
    .replaceAll("<call id>", values.callId)
    .replaceAll("<webhook-secret>", process.env.VAPI_WEBHOOK_SECRET ?? "")
    .replaceAll("<admin-key>", process.env.ADMIN_API_KEY ?? "")
    .replaceAll("http://localhost:3000", values.base)
    .replaceAll("https://<deployment>", values.base)
    .replaceAll("<business id>", values.businessId)
    .replaceAll("businessId=<id>", `businessId=${values.businessId}`)
    .replaceAll('"businessId":"<id>"', `"businessId":"${values.businessId}"`)
    .replaceAll("<VAPI phone number id>", "pn-docs-harbor-dental")
    .replace(/DATABASE_URL="?postgres:\/\/[^ "]*"?/, `DATABASE_URL="${values.appUrl}"`)
    .replaceAll("cal_live_…", "cal_live_docs0123456789abcdef")
    // The guides' event types 123 and 456 are the fake account's two: one asking for the
    // caller's email, one by phone.
    .replace(/\b123\b/g, String(calcom.state.eventTypes[0]?.id))
    .replace(/\b456\b/g, String(calcom.state.eventTypes[1]?.id))
    .replace(/^curl /, "curl -sS --fail-with-body ");
}

/** What the guide shows a command printing: the same JSON, or (with "…" or "<…>" for the
 *  variable parts) JSON with every field it names. */
function expectShown(shown: string, stdout: string, where: string): void {
  if (!shown.startsWith("{")) return;
  const printed = JSON.parse(stdout.trim()) as unknown;
  if (!shown.includes("…") && !shown.includes("<")) {
    expect(printed, where).toEqual(JSON.parse(shown));
    return;
  }
  const text = JSON.stringify(printed);
  for (const key of [...shown.matchAll(/"(\w+)":/g)].map((m) => m[1] ?? "")) expect(text, `${where}: field ${key}`).toContain(`"${key}":`);
  // Values the guide states outright (not elided with … or <…>) must be what is printed.
  for (const [pair] of shown.matchAll(/"\w+":("[^"…<]*"|-?\d+(\.\d+)?|true|false|null)(?=[,}\]])/g)) expect(text, `${where}: ${pair}`).toContain(pair);
}
