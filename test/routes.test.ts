import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ANSWER_DEADLINES } from "../lib/answer-deadlines.js";
import { compiledPath, compileForNode } from "../scripts/bench/compile-for-node.js";
import { matchRoute, readRouteTable } from "../scripts/local-server/route-table.js";
import { repoRoot } from "./support/run-command.js";

const run = promisify(execFile);
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const routes = await readRouteTable(path.join(repoRoot, "api"));

describe("api/ route files", () => {
  it("exist", () => {
    expect(routes.map((r) => r.segments.join("/"))).toContain("health");
  });

  it.each(routes.map((r) => [path.relative(repoRoot, r.file), r.file]))(
    "%s exports only Web-standard method handlers, as Vercel runs them",
    async (_name, file) => {
      const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const exported = Object.keys(loaded);
      expect(exported.length).toBeGreaterThan(0);
      for (const name of exported) {
        expect(METHODS.has(name), `unexpected export ${name}`).toBe(true);
        expect(typeof loaded[name]).toBe("function");
      }
    },
  );
});

describe("the local server maps URLs to route files as Vercel does", () => {
  const ID = "0b0e4a4e-0000-4000-8000-000000000000";
  it.each([
    ["/api/businesses", "api/businesses/index.ts"],
    ["/api/businesses/", "api/businesses/index.ts"],
    [`/api/businesses/${ID}`, "api/businesses/[id]/index.ts"],
    [`/api/businesses/${ID}/calls`, "api/businesses/[id]/calls.ts"],
    [`/api/businesses/${ID}/bookings`, "api/businesses/[id]/bookings.ts"],
    [`/api/businesses/${ID}/calcom`, "api/businesses/[id]/calcom.ts"],
    [`/api/calls/${ID}`, "api/calls/[id].ts"],
    ["/api/member/businesses", "api/member/businesses/index.ts"],
    [`/api/member/businesses/${ID}/calls`, "api/member/businesses/[id]/calls/index.ts"],
    [`/api/member/businesses/${ID}/calls/${ID}`, "api/member/businesses/[id]/calls/[callId].ts"],
    [`/api/member/businesses/${ID}/calendar`, "api/member/businesses/[id]/calendar/index.ts"],
    [`/api/member/businesses/${ID}/calendar/default-event-type`, "api/member/businesses/[id]/calendar/default-event-type.ts"],
    [`/api/businesses/${ID}/members`, "api/businesses/[id]/members/index.ts"],
    [`/api/businesses/${ID}/members/${ID}`, "api/businesses/[id]/members/[userId]/index.ts"],
    [`/api/businesses/${ID}/members/${ID}/sign-in-link`, "api/businesses/[id]/members/[userId]/sign-in-link.ts"],
    ["/api/member/sign-in", "api/member/sign-in.ts"],
    ["/api/openapi.json", "api/openapi.json.ts"],
  ])("%s → %s", (url, file) => {
    expect(path.relative(repoRoot, matchRoute(routes, url)?.file ?? "").split(path.sep).join("/")).toBe(file);
  });

  it("serves no file for a path no route has", () => {
    expect(matchRoute(routes, "/api/openapi")).toBeUndefined();
    expect(matchRoute(routes, `/api/calls/${ID}/transcript`)).toBeUndefined();
  });
});

describe("api/ route files compiled and loaded as Vercel's Node runtime does", () => {
  it("each compiles on its own, loads as a native ES module in a fresh Node process, and exports only method handlers", { timeout: 120_000 }, async () => {
    const compiled = await compileForNode(repoRoot);
    try {
      expect(compiled.routes.sort()).toEqual(routes.map((r) => path.relative(repoRoot, r.file)).sort());
      const script = `const m = await import(process.argv[1]); console.log(JSON.stringify(Object.entries(m).map(([k, v]) => [k, typeof v])));`;
      for (const route of compiled.routes) {
        const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, pathToFileURL(compiledPath(compiled.dir, route)).href], {
          cwd: repoRoot,
          env: { ...process.env, NODE_ENV: "production" },
        });
        const exported = JSON.parse(stdout) as [string, string][];
        expect(exported.length, route).toBeGreaterThan(0);
        for (const [name, type] of exported) expect([route, METHODS.has(name), type]).toEqual([route, true, "function"]);
      }
    } finally {
      await compiled.remove();
    }
  });
});

describe("vercel.json", () => {
  it("gives every route file a duration above every answer's deadline, pins one region, and serves only public/", async () => {
    const { readFile, readdir } = await import("node:fs/promises");
    const config = JSON.parse(await readFile(path.join(repoRoot, "vercel.json"), "utf8")) as {
      outputDirectory: string;
      regions: string[];
      functions: Record<string, { maxDuration: number }>;
    };
    expect(Object.keys(config.functions)).toEqual(["api/**/*.ts"]);
    for (const route of routes) expect(path.relative(repoRoot, route.file)).toMatch(/^api\/.+\.ts$/);
    // A function cut off before its answer is due would leave the caller in silence; the margin
    // covers a cold start.
    const latestAnswerS = Math.max(...Object.values(ANSWER_DEADLINES).map((d) => d.answerMs)) / 1000;
    expect(config.functions["api/**/*.ts"]?.maxDuration).toBeGreaterThan(latestAnswerS + 2);
    expect(config.regions).toHaveLength(1);
    expect(config.regions[0]).toMatch(/^[a-z]{3}\d$/);
    expect(config.outputDirectory).toBe("public");
    const served = await readdir(path.join(repoRoot, "public"), { recursive: true });
    expect(served.filter((file) => /\.(ts|sql|env)$/.test(file) || /^(lib|supabase|test|scripts)\//.test(file))).toEqual([]);
  });
});
