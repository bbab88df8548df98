import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** What `.vc-config.json` says of a function, as Vercel's Node runtime reads it. */
const VcConfigSchema = z.looseObject({ handler: z.string(), runtime: z.string(), launcherType: z.string().optional(), maxDuration: z.number().optional() });

export interface BuiltFunction {
  /** The path it serves, e.g. /api/businesses/[id]/index. */
  route: string;
  dir: string;
  handler: string;
  runtime: string;
  maxDuration: number | undefined;
  bytes: number;
  files: string[];
}

/** Every `<route>.func` folder under .vercel/output/functions. */
export async function readBuiltFunctions(outputDir: string): Promise<BuiltFunction[]> {
  const root = path.join(outputDir, "functions");
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const dirs = entries.filter((entry) => entry.isDirectory() && entry.name.endsWith(".func")).map((entry) => path.join(entry.parentPath, entry.name));
  const built = await Promise.all(
    dirs.map(async (dir) => {
      const config = VcConfigSchema.parse(JSON.parse(await readFile(path.join(dir, ".vc-config.json"), "utf8")));
      const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => path.relative(dir, path.join(f.parentPath, f.name)));
      const sizes = await Promise.all(files.map((file) => stat(path.join(dir, file)).then((s) => s.size)));
      const route = `/${path.relative(root, dir).split(path.sep).join("/").replace(/\.func$/, "")}`;
      return { route, dir, handler: config.handler, runtime: config.runtime, maxDuration: config.maxDuration, bytes: sizes.reduce((a, b) => a + b, 0), files };
    }),
  );
  return built.sort((a, b) => a.route.localeCompare(b.route));
}

const RouteSchema = z.looseObject({ src: z.string().optional(), dest: z.string().optional(), handle: z.string().optional() });
const OutputConfigSchema = z.looseObject({ version: z.literal(3), routes: z.array(RouteSchema) });

/**
 * The function and URL Vercel hands a request for `pathname`, by the build's own routes: a path
 * that names a function is served by it; otherwise the first route whose `src` matches rewrites it
 * to its `dest` (e.g. /api/businesses/<id> → /api/businesses/[id]/index?id=<id>). Enough of
 * Vercel's routing for our API: the headers routes vercel.json adds have no `dest` and are passed
 * over (there are no redirects or middleware in this project).
 */
export async function routeOf(outputDir: string, functions: BuiltFunction[], pathname: string): Promise<{ fn: BuiltFunction; url: string }> {
  const direct = functions.find((fn) => fn.route === pathname);
  if (direct) return { fn: direct, url: pathname };
  const config = OutputConfigSchema.parse(JSON.parse(await readFile(path.join(outputDir, "config.json"), "utf8")));
  for (const route of config.routes) {
    if (route.src === undefined || route.dest === undefined) continue;
    const pattern = new RegExp(route.src);
    if (!pattern.test(pathname)) continue;
    const url = pathname.replace(pattern, route.dest);
    const fn = functions.find((candidate) => candidate.route === url.split("?")[0]);
    if (fn) return { fn, url };
  }
  throw new Error(`no built function serves ${pathname}`);
}
