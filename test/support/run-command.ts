import { spawn } from "node:child_process";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root to completion, e.g. `npm run db:migrate`. */
export function runCommand(command: string, args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The test process's environment minus what the test run itself set (database, secrets,
 *  NODE_ENV), plus the given overrides; undefined removes a variable. */
const SET_BY_TEST_RUN = new Set([
  "DATABASE_URL", "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "ADMIN_API_KEY", "VAPI_WEBHOOK_SECRET",
  "SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY", "NODE_ENV", "VITEST", "TEST_DATABASE_URL",
]);

export function cleanEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !SET_BY_TEST_RUN.has(name))), ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}
