import { mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

/**
 * The project compiled the way Vercel's Node runtime deploys it: every TypeScript file of api/ and
 * lib/ turned into its own ES module (no bundling), packages left to node_modules. The folder sits
 * inside node_modules so the compiled files find the packages and the project's package.json
 * ("type": "module") as the deployed ones do.
 */
export async function compileForNode(root: string): Promise<{ dir: string; routes: string[]; remove(): Promise<void> }> {
  const sources = async (folder: string) => (await readdir(path.join(root, folder), { recursive: true })).filter((f) => f.endsWith(".ts")).map((f) => path.join(folder, f));
  const routes = (await sources("api")).sort();
  const dir = await mkdtemp(path.join(root, "node_modules", ".compiled-"));
  await build({
    entryPoints: [...routes, ...(await sources("lib"))].map((file) => path.join(root, file)),
    outdir: dir,
    outbase: root,
    bundle: false,
    platform: "node",
    format: "esm",
    target: "node24",
    logLevel: "silent",
  });
  return { dir, routes, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Where the compiled form of a source file (api/health.ts) is. */
export function compiledPath(dir: string, source: string): string {
  return path.join(dir, source.replace(/\.ts$/, ".js"));
}
