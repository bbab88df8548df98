import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { BuiltFunction } from "./built-functions.js";

const run = promisify(execFile);

const BuiltAnswerSchema = z.object({
  status: z.number().int(),
  body: z.string(),
  /** Importing the handler module in a fresh process: the cold start's share before any request. */
  importMs: z.number(),
  /** From calling the handler to the end of its answer's body. */
  answerMs: z.number(),
});
export type BuiltAnswer = z.infer<typeof BuiltAnswerSchema>;

/** Runs inside the function's folder, as Vercel's Node runtime does: import the handler named in
 *  .vc-config.json, call its exported method (or default `{ fetch }`) with a Request. */
const LAUNCHER = `
const [handlerUrl, requestJson] = process.argv.slice(1);
const { method, url, headers, body } = JSON.parse(requestJson);
const t0 = performance.now();
const module = await import(handlerUrl);
const imported = performance.now();
const handler = module[method] ?? module.default?.fetch;
if (typeof handler !== "function") throw new Error("the handler exports no " + method);
const response = await handler(new Request(url, { method, headers, body }));
const text = await response.text();
process.stdout.write("\\nANSWER " + JSON.stringify({ status: response.status, body: text, importMs: imported - t0, answerMs: performance.now() - imported }) + "\\n");
process.exit(0);
`;

/** One request to a built function, in a fresh Node process (a cold start) with `env` only. */
export async function callBuiltFunction(
  fn: BuiltFunction,
  request: { method: string; url: string; headers?: Record<string, string>; body?: string },
  env: Record<string, string>,
): Promise<BuiltAnswer> {
  const handlerUrl = pathToFileURL(path.join(fn.dir, fn.handler)).href;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", LAUNCHER, handlerUrl, JSON.stringify(request)], {
    cwd: fn.dir,
    env: { PATH: process.env.PATH ?? "", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split("\n").findLast((l) => l.startsWith("ANSWER "));
  if (!line) throw new Error(`${fn.route} printed no answer:\n${stdout}`);
  return BuiltAnswerSchema.parse(JSON.parse(line.slice("ANSWER ".length)));
}
