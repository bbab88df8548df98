import type { ApiClient } from "./api-client.js";
import type { Flags } from "./flags.js";

export interface OptionSpec {
  type: "string" | "boolean";
  description: string;
  /** How the value is shown in --help, e.g. "<id>". */
  value?: string;
  short?: string;
}

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CommandContext {
  flags: Flags;
  /** The positional arguments, as many as the command's `args` names. */
  args: string[];
  /** --json: print the API's answer as JSON and nothing else on stdout. */
  json: boolean;
  /** The client for --url/--key (resolved on first use, so --help needs no key). */
  api(): ApiClient;
  out: Output;
}

/** One command of the CLI: what --help shows of it and what it does. */
export interface Command {
  /** The words that invoke it, e.g. "businesses list". */
  name: string;
  summary: string;
  /** Required positional arguments, e.g. ["<id>"]. */
  args?: string[];
  options: Record<string, OptionSpec>;
  /** Further lines for --help (what the output shows, how flags combine). */
  notes?: string[];
  examples?: string[];
  run(context: CommandContext): Promise<void>;
}
