import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { securityHeadersFor, withSecurityHeaders } from "../../lib/http/security-headers.js";
import { log } from "../../lib/log.js";
import { loadRouteModule, matchRoute, readRouteTable, type RouteHandler } from "./route-table.js";
import { serveStatic } from "./serve-static.js";

export interface LocalServerOptions {
  apiDir: string;
  publicDir: string;
  /** One log line per request (what an operator watching npm start wants; a benchmark does not). */
  logRequests?: boolean;
}

/**
 * What Vercel does in production, for one machine: /api/** goes to the route file's exported
 * handler with a Web Request, everything else comes from public/. Route modules are the same
 * files Vercel deploys; nothing here is used in production. Every answer carries the security
 * headers, as vercel.json gives them to what Vercel serves itself (the dashboard's set under
 * /dashboard, the strict one everywhere else).
 */
export async function createLocalServer(options: LocalServerOptions): Promise<Server> {
  const routes = await readRouteTable(options.apiDir);
  const modules = new Map<string, Promise<Map<string, RouteHandler>>>();

  async function handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith("/api/") && pathname !== "/api") return serveStatic(options.publicDir, pathname, request.method);
    const route = matchRoute(routes, pathname);
    if (!route) return errorJson(404, "not_found", `no route for ${pathname}`);
    let loading = modules.get(route.file);
    if (!loading) modules.set(route.file, (loading = loadRouteModule(route.file)));
    const handlers = await loading;
    const handler = handlers.get(request.method) ?? (request.method === "HEAD" ? handlers.get("GET") : undefined);
    if (!handler) {
      return errorJson(405, "method_not_allowed", `${request.method} is not allowed on ${pathname}`, {
        allow: [...handlers.keys()].join(", "),
      });
    }
    return handler(request);
  }

  return createServer((req, res) => {
    const started = performance.now();
    if (options.logRequests !== false) {
      res.once("finish", () =>
        log.info("request", { method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(performance.now() - started) }),
      );
    }
    const headers = securityHeadersFor(req.url?.split("?")[0] ?? "/");
    Promise.resolve()
      .then(() => handle(toWebRequest(req)))
      .then((response) => writeResponse(res, withSecurityHeaders(response, headers)))
      .catch((error: unknown) => {
        log.error("local_server_failed", { error });
        if (!res.headersSent) writeResponse(res, withSecurityHeaders(errorJson(500, "internal", "internal error"), headers)).catch(() => res.destroy());
        else res.destroy();
      });
  });
}

function toWebRequest(req: IncomingMessage): Request {
  // The path is appended to a known-good origin: a request line such as "//evil/x" must stay a
  // path, and a malformed Host header must not take the server down.
  const url = new URL(`${originOf(req.headers.host)}${req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
}

function originOf(host: string | undefined): string {
  try {
    return new URL(`http://${host ?? "localhost"}`).origin;
  } catch {
    return "http://localhost";
  }
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) res.write(next.value);
  res.end();
}

function errorJson(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
