import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";

const run = promisify(execFile);

/**
 * What a Vercel cold start pays to load each route: every file under api/ compiled the way a
 * function is deployed (our code bundled into the route, packages from node_modules), then
 * imported `samples` times, each in a fresh Node process. Returns the median import time per route.
 */
export async function coldStarts(root: string, samples = 5): Promise<{ route: string; importMs: number }[]> {
  const routes = (await readdir(path.join(root, "api"), { recursive: true })).filter((f) => f.endsWith(".ts")).sort();
  const out = await mkdtemp(path.join(root, "node_modules", ".bench-cold-"));
  try {
    await build({
      entryPoints: routes.map((route) => path.join(root, "api", route)),
      outdir: out,
      outbase: path.join(root, "api"),
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node24",
      splitting: true,
      logLevel: "silent",
    });
    const results = [];
    for (const route of routes) {
      const file = path.join(out, route.replace(/\.ts$/, ".js"));
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
        const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env: { ...process.env, NODE_ENV: "production" } });
        times.push(Number(stdout.trim()));
      }
      times.sort((a, b) => a - b);
      results.push({ route: `api/${route}`, importMs: times[Math.floor(times.length / 2)] ?? 0 });
    }
    return results;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
