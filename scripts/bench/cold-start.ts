import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { compiledPath, compileForNode } from "./compile-for-node.js";

const run = promisify(execFile);

/**
 * What a Vercel cold start pays to load each route: every file under api/ compiled as it is
 * deployed (compileForNode), then imported `samples` times, each in a fresh Node process. Returns
 * the median import time per route.
 */
export async function coldStarts(root: string, samples = 5): Promise<{ route: string; importMs: number }[]> {
  const compiled = await compileForNode(root);
  try {
    const results = [];
    for (const route of compiled.routes) {
      const file = compiledPath(compiled.dir, route);
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
        const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env: { ...process.env, NODE_ENV: "production" } });
        times.push(Number(stdout.trim()));
      }
      times.sort((a, b) => a - b);
      results.push({ route, importMs: times[Math.floor(times.length / 2)] ?? 0 });
    }
    return results;
  } finally {
    await compiled.remove();
  }
}
