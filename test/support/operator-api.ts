import path from "node:path";
import { loadRouteModule, matchRoute, readRouteTable } from "../../scripts/local-server/route-table.js";
import { documentedBody } from "./openapi-check.js";
import { operatorRequest } from "./operator-request.js";
import { repoRoot } from "./run-command.js";

const routes = await readRouteTable(path.join(repoRoot, "api"));

export interface ApiAnswer<Body> {
  status: number;
  headers: Headers;
  body: Body;
}

/** The OpenAPI path of a route file: api/businesses/[id]/calls.ts → /api/businesses/{id}/calls. */
export function templateOf(segments: string[]): string {
  return `/api/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
}

/**
 * An operator's request (Bearer key, JSON body) to the route file that serves `url`, found the
 * way the local server and Vercel map paths to files, and handled in-process. Every answer is
 * checked against the OpenAPI document (status listed, body valid) before the test sees it, so
 * the body's type is the documented one.
 */
export async function callApi<Body = unknown>(
  method: string,
  url: string,
  init: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<Body>> {
  const route = matchRoute(routes, new URL(url, "http://localhost").pathname);
  if (!route) throw new Error(`no route file serves ${url}`);
  const handler = (await loadRouteModule(route.file)).get(method);
  if (!handler) throw new Error(`${path.relative(repoRoot, route.file)} has no ${method} handler`);
  const response = await handler(operatorRequest(url, { method, ...init }));
  const body = await documentedBody(response, method, templateOf(route.segments));
  return { status: response.status, headers: response.headers, body: body as Body };
}

/** The message of an error answer. */
export function errorMessage(answer: ApiAnswer<unknown>): string {
  return (answer.body as { error: { message: string } }).error.message;
}
