import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./cli-error.js";
import { closest } from "./closest.js";
import type { Command, OptionSpec } from "./command.js";
import { Flags } from "./flags.js";
import { GLOBAL_OPTIONS } from "./global-options.js";

export type CommandLine =
  | { kind: "help"; command?: Command; group?: string }
  | { kind: "run"; command: Command; flags: Flags; args: string[]; url?: string; key?: string; json: boolean };

const HELP_HINT = 'Run "npm run cli -- --help" for the commands.';

/**
 * Finds the command (its words come first; global flags may come before them) and parses the
 * rest of the line with node:util parseArgs against that command's flags. Unknown commands and
 * flags, missing values and arguments are usage errors with a hint (the nearest name, or where
 * help is).
 */
export function parseCommandLine(argv: string[], commands: Command[]): CommandLine {
  const words = leadingWords(argv);
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const command = findCommand(words.map((w) => w.word), commands);
  if (!command) {
    const groups = [...new Set(commands.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0] ?? ""))];
    const [first, second] = words.map((w) => w.word);
    if (first === undefined) {
      if (wantsHelp) return { kind: "help" };
      throw usageError("no command given", HELP_HINT);
    }
    if (groups.includes(first)) {
      if (second === undefined && wantsHelp) return { kind: "help", group: first };
      const subcommands = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
      const nearest = second === undefined ? undefined : closest(`${first} ${second}`, subcommands);
      throw usageError(
        second === undefined ? `${first}: which one? ${subcommands.join(", ")}` : `unknown command "${first} ${second}"`,
        nearest ? `Did you mean "${nearest}"? ${HELP_HINT}` : `${first} has: ${subcommands.join(", ")}. ${HELP_HINT}`,
      );
    }
    const nearest = closest(first, [...commands.map((c) => c.name.split(" ")[0] ?? ""), ...commands.map((c) => c.name)]);
    throw usageError(`unknown command "${first}"`, nearest ? `Did you mean "${nearest}"? ${HELP_HINT}` : HELP_HINT);
  }
  if (wantsHelp) return { kind: "help", command };

  const used = new Set(words.slice(0, command.name.split(" ").length).map((w) => w.index));
  const rest = argv.filter((_, i) => !used.has(i));
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  refuseUnknownFlags(rest, options, command);
  const config: ParseArgsConfig = { args: rest, options: toParseArgsOptions(options), allowPositionals: true, strict: true };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw usageError(firstLine(error), `Run "npm run cli -- ${command.name} --help" for its flags.`);
  }
  const expected = command.args ?? [];
  const usage = `Usage: npm run cli -- ${[command.name, ...expected].join(" ")} [flags]`;
  if (parsed.positionals.length < expected.length) {
    throw usageError(`${command.name}: missing ${expected.slice(parsed.positionals.length).join(" ")}`, usage);
  }
  if (parsed.positionals.length > expected.length) {
    throw usageError(`${command.name}: unexpected argument ${JSON.stringify(parsed.positionals[expected.length])}`, `${usage} (quote values with spaces)`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const text = (name: string) => (typeof values[name] === "string" ? values[name] : undefined);
  return { kind: "run", command, flags: new Flags(values), args: parsed.positionals, url: text("url"), key: text("key"), json: values.json === true };
}

/** Up to two words before the first flag that is not a global one (whose values are skipped). */
function leadingWords(argv: string[]): { word: string; index: number }[] {
  const words: { word: string; index: number }[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i] ?? "";
    if (token === "--") break;
    if (!token.startsWith("-")) {
      words.push({ word: token, index: i });
      continue;
    }
    const name = token.replace(/^--?/, "");
    const global = Object.entries(GLOBAL_OPTIONS).find(([long, spec]) => long === name || spec.short === name)?.[1];
    if (!global && !name.includes("=")) break;
    if (global?.type === "string") i += 1;
  }
  return words;
}

function findCommand(words: string[], commands: Command[]): Command | undefined {
  const two = words.slice(0, 2).join(" ");
  return commands.find((c) => c.name === two) ?? commands.find((c) => c.name === words[0]);
}

function refuseUnknownFlags(args: string[], options: Record<string, OptionSpec>, command: Command): void {
  const { tokens } = parseArgs({ args, options: toParseArgsOptions(options), allowPositionals: true, strict: false, tokens: true });
  const known = Object.keys(options);
  for (const token of tokens) {
    if (token.kind !== "option" || token.name in options || known.some((name) => options[name]?.short === token.name)) continue;
    const nearest = closest(token.name, known);
    throw usageError(
      `unknown flag ${token.rawName} for "${command.name}"`,
      `${nearest ? `Did you mean --${nearest}? ` : ""}Run "npm run cli -- ${command.name} --help" for its flags.`,
    );
  }
}

function toParseArgsOptions(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
