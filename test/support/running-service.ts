import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { freePort } from "./free-port.js";
import { server } from "./msw-server.js";
import { startService, type ServiceProcess } from "./service-process.js";

/** The fixed secrets of vitest.config.ts, for a service started against a real database. */
export function testSecrets(): Record<string, string | undefined> {
  const names = ["ADMIN_API_KEY", "VAPI_WEBHOOK_SECRET", "SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"];
  return Object.fromEntries(names.map((name) => [name, process.env[name]]));
}

export interface RunningService extends ServiceProcess {
  /** http://localhost:<port>, no trailing slash. */
  url: string;
}

/**
 * `npm start` as an operator runs it against an existing database (the migrated test database by
 * default): the real route files behind the real local server, in their own process, on a free
 * port, with the test run's secrets. The security suite attacks this, not the handlers in-process.
 */
export async function startRunningService(overrides: Record<string, string | undefined> = {}): Promise<RunningService> {
  const port = await freePort();
  const service = await startService({
    NODE_ENV: "development",
    PORT: String(port),
    DATABASE_URL: inject("databaseUrl"),
    LOG_LEVEL: "info",
    ...testSecrets(),
    ...overrides,
  });
  return { ...service, url: `http://localhost:${port}` };
}

/** Lets a test file's requests to local services (http://localhost:<port>) through msw, which
 *  fails every request it has no handler for. Call at the top of the file. */
export function passLocalRequestsThrough(): void {
  beforeEach(() => server.use(http.all(/^http:\/\/localhost:\d+\/.*/, () => passthrough())));
}

/** Sends a Request built for the in-process handlers (vapiRequest, operatorRequest) to the running
 *  service instead: same method, headers and body (a VAPI signature covers the body, not the host). */
export async function sendTo(service: { url: string }, request: Request): Promise<Response> {
  const { pathname, search } = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
  return fetch(`${service.url}${pathname}${search}`, { method: request.method, headers: request.headers, body, redirect: "manual" });
}

/**
 * The usual set-up of a security-suite file: requests to local services pass msw, `npm start`
 * (with these overrides) runs for the file's tests and stops after them. The service returned
 * reads through to the one started in beforeAll.
 */
export function runningServiceForFile(overrides: Record<string, string | undefined> = {}): RunningService {
  passLocalRequestsThrough();
  let started: RunningService | undefined;
  beforeAll(async () => {
    started = await startRunningService(overrides);
  });
  afterAll(() => started?.stop());
  const current = (): RunningService => {
    if (!started) throw new Error("the service starts in beforeAll: use it inside a test or a hook");
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    output: () => current().output(),
    stop: (signal) => current().stop(signal),
  };
}
