import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../support/free-port.js";
import { passLocalRequestsThrough, startRunningService, testSecrets, type RunningService } from "../../support/running-service.js";

export interface DashboardService extends RunningService {
  /** The one-time sign-in links `npm start` printed, by demo member ("owner", "staff"). */
  printedLinks(): Record<string, string>;
  /** LOCAL_SECRETS_FILE: npm start keeps the secrets it made there (LOCAL_SESSION_SECRET). */
  secretsFile: string;
}

/**
 * `npm start` exactly as a new user runs it: no database configured, so a new embedded
 * PostgreSQL with the demo business and its demo owner and staff, whose sign-in links it prints.
 * The test run's fixed secrets are given (the webhook and operator requests sign with them);
 * what it invents (the local session secret) goes to a secrets file of its own. Cal.com's OAuth
 * comes back to this server (the redirect URI's origin is also where links point).
 */
export function dashboardServiceForFile(): DashboardService {
  passLocalRequestsThrough();
  let started: RunningService | undefined;
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "dashboard-"));
    // PostgreSQL refuses to run as root; its own user must reach the folder.
    await chmod(dir, 0o755);
    const port = await freePort();
    const service = await startRunningService({
      DATABASE_URL: undefined,
      PORT: String(port),
      EMBEDDED_DB_DIR: path.join(dir, "pg"),
      EMBEDDED_DB_PORT: String(await freePort()),
      LOCAL_SECRETS_FILE: path.join(dir, "local-secrets.json"),
      CALCOM_REDIRECT_URI: `http://localhost:${port}/api/calcom/oauth`,
      ...testSecrets(),
    });
    // The port is chosen here (the redirect URI names it), over the one startRunningService picked.
    started = { ...service, url: `http://localhost:${port}` };
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const current = (): RunningService => {
    if (!started) throw new Error("the service starts in beforeAll: use it inside a test or a hook");
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get secretsFile() {
      return path.join(dir, "local-secrets.json");
    },
    output: () => current().output(),
    stop: (signal) => current().stop(signal),
    printedLinks: () => printedSignInLinks(current().output()),
  };
}

/**
 * The sign-in links in npm start's output, by the member they are for: a line such as
 * "  Owner sign-in (one use, 15 min): http://localhost:3000/dashboard/#sign-in=…".
 */
export function printedSignInLinks(output: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const line of output.split("\n")) {
    const url = /(https?:\/\/\S+\/dashboard\/#sign-in=\S+)/.exec(line)?.[1];
    const who = /\b(owner|staff)\b/i.exec(line)?.[1]?.toLowerCase();
    if (url && who && !links[who]) links[who] = url;
  }
  return links;
}

/** A secret npm start generated into its secrets file. */
export async function generatedSecret(file: string, name: string): Promise<string> {
  const secrets = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  const value = secrets[name];
  if (typeof value !== "string") throw new Error(`${name} is not in ${file}`);
  return value;
}
