import { createApiClient, type ApiClient } from "./api-client.js";
import { CliError } from "./cli-error.js";
import type { Output } from "./command.js";
import { COMMANDS } from "./commands.js";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { commandHelp, groupHelp, topLevelHelp } from "./help-text.js";
import { parseCommandLine } from "./parse-command-line.js";
import { resolveConnection, type CliEnv } from "./resolve-connection.js";

export interface CliIo extends Output {
  /** Where RECEPTIONIST_URL and ADMIN_API_KEY (and npm start's secrets file) are looked up. */
  env: CliEnv;
}

/**
 * The whole CLI for one command line: parses it, runs the command against the server, writes
 * to io, and returns the exit code (it never exits the process, so tests run it in-process).
 */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === "help") {
      io.stdout(line.command ? commandHelp(line.command) : line.group ? groupHelp(line.group, COMMANDS) : topLevelHelp(COMMANDS));
      return EXIT.ok;
    }
    let client: ApiClient | undefined;
    const api = () => (client ??= createApiClient(resolveConnection({ url: line.url, key: line.key }, io.env)));
    await line.command.run({ flags: line.flags, args: line.args, json: line.json, api, out: io });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`Error: ${error.message}\n${error.hint ? `${error.hint}\n` : ""}`);
      return error.exitCode;
    }
    io.stderr(`Error: the CLI failed unexpectedly (a bug; please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}
