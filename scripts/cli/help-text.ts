import type { Command, OptionSpec } from "./command.js";
import { EXIT_CODE_HELP } from "./exit-codes.js";
import { GLOBAL_OPTIONS } from "./global-options.js";

const PREFIX = "npm run cli --";

/** `npm run cli -- --help`: every command, the environment it reads, and the exit codes. */
export function topLevelHelp(commands: Command[]): string {
  return [
    "Operator CLI of the AI receptionist backend: businesses, connect links, dashboard members,",
    "calls and bookings through the operator API of a running server.",
    "",
    `Usage: ${PREFIX} <command> [arguments] [flags]`,
    `       ${PREFIX} <command> --help`,
    "",
    "Commands:",
    ...aligned(commands.map((c) => [[c.name, ...(c.args ?? [])].join(" "), c.summary])),
    "",
    "Flags of every command:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Environment:",
    ...aligned([
      ["RECEPTIONIST_URL", "the server's URL (--url wins); default http://localhost:3000"],
      ["ADMIN_API_KEY", "the operators' Bearer key (--key wins); when unset, the key npm start keeps in its"],
      ["", "local secrets file (LOCAL_SECRETS_FILE, default .data/local-secrets.json) is used"],
      ["LOCAL_SECRETS_FILE", "where npm start keeps the secrets it generated, if you moved it"],
    ]),
    "",
    "Exit codes:",
    ...aligned(EXIT_CODE_HELP.map(([code, meaning]) => [String(code), meaning])),
    "",
    "Output: aligned tables, times in each business's time zone. With --json, stdout holds the API's",
    `answer alone (use "npm run --silent cli -- …" so npm prints no header). Errors go to stderr with`,
    "the server's message and the request id.",
    "",
  ].join("\n");
}

/** `npm run cli -- businesses --help`: the commands of one group. */
export function groupHelp(group: string, commands: Command[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  return [
    `Usage: ${PREFIX} ${group} <command> [flags]`,
    "",
    ...aligned(members.map((c) => [[c.name, ...(c.args ?? [])].join(" "), c.summary])),
    "",
    `Run "${PREFIX} ${group} <command> --help" for a command's flags.`,
    "",
  ].join("\n");
}

/** `npm run cli -- <command> --help`. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${PREFIX} ${[command.name, ...(command.args ?? [])].join(" ")}${Object.keys(command.options).length ? " [flags]" : ""}`,
    "",
    `${command.summary}.`,
    ...(command.notes?.length ? ["", ...command.notes] : []),
    ...(Object.keys(command.options).length ? ["", "Flags:", ...optionLines(command.options)] : []),
    "",
    "Flags of every command:",
    ...optionLines(GLOBAL_OPTIONS),
    ...(command.examples?.length ? ["", "Examples:", ...command.examples.map((e) => `  ${PREFIX} ${e}`)] : []),
    "",
    'Exit codes: 0 ok, 1 server/network error, 2 usage error, 3 not found, 4 unauthorized, 5 refused input (see "npm run cli -- --help").',
    "",
  ].join("\n");
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return aligned(
    Object.entries(options).map(([name, spec]) => [`${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`, spec.description]),
  );
}

function aligned(rows: string[][]): string[] {
  const width = Math.max(...rows.map(([left = ""]) => left.length));
  return rows.map(([left = "", right = ""]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}
