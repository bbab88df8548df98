import { logLevel } from "./env.js";

type Level = "debug" | "info" | "warn" | "error";
const rank = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/**
 * One JSON object per line (what Vercel's log viewer and `grep` both handle). Fields carry ids,
 * never tokens or full phone numbers (DESIGN §6).
 */
function write(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (rank[level] < rank[logLevel()]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, errorReplacer);
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Errors keep their cause chain and driver code (SQLSTATE, ECONNREFUSED…): the log line of a 500
 *  is where the real reason must be found. JSON.stringify calls this again for the cause. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code } = value as { code?: unknown };
  return { name: value.name, message: value.message, code, stack: value.stack, cause: value.cause };
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
