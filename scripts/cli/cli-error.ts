import { EXIT, type ExitCode } from "./exit-codes.js";

/**
 * A failure the CLI reports in one line on stderr (plus a hint line when it has one) and ends
 * with `exitCode`. Anything else thrown is a bug and is reported as such.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A command line the CLI cannot run: exit 2, with what to type instead. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, hint);
}
