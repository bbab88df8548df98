import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface Route {
  /** Segments of the URL path after /api; `[id]` folders and files match any one segment. */
  segments: string[];
  file: string;
}

/** Lists api/**.ts the way Vercel maps files to URLs: api/a/[id]/b.ts → /api/a/:id/b, index.ts → its folder. */
export async function readRouteTable(apiDir: string): Promise<Route[]> {
  const files = (await readdir(apiDir, { recursive: true }))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).some((p) => p.startsWith("_")))
    .sort();
  return files.map((relative) => {
    const segments = relative.slice(0, -3).split(path.sep);
    if (segments.at(-1) === "index") segments.pop();
    return { segments, file: path.join(apiDir, relative) };
  });
}

/** Static segments win over dynamic ones, as on Vercel. */
export function matchRoute(routes: Route[], pathname: string): Route | undefined {
  const parts = pathname.replace(/^\/api\/?/, "").split("/").filter(Boolean);
  const candidates = routes.filter(
    (r) => r.segments.length === parts.length && r.segments.every((s, i) => isDynamic(s) || s === parts[i]),
  );
  return candidates.sort((a, b) => dynamicCount(a) - dynamicCount(b))[0];
}

const isDynamic = (segment: string) => /^\[[^\]]+\]$/.test(segment);
const dynamicCount = (route: Route) => route.segments.filter(isDynamic).length;

export type RouteHandler = (request: Request) => Response | Promise<Response>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** The handlers a route module exports: named method functions, or a default `{ fetch }`. */
export async function loadRouteModule(file: string): Promise<Map<string, RouteHandler>> {
  const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handlers = new Map<string, RouteHandler>();
  for (const method of METHODS) {
    const handler = loaded[method];
    if (typeof handler === "function") handlers.set(method, handler as RouteHandler);
  }
  const fallback = loaded.default as { fetch?: unknown } | undefined;
  if (handlers.size === 0 && typeof fallback?.fetch === "function") {
    const fetchHandler = fallback.fetch as RouteHandler;
    for (const method of METHODS) handlers.set(method, fetchHandler);
  }
  return handlers;
}
