import type { Output } from "./command.js";

/** --json: the API's answer and nothing else, so `| jq` always gets one JSON document. */
export function printJson(out: Output, raw: unknown): void {
  out.stdout(`${JSON.stringify(raw, null, 2)}\n`);
}
