/** Ends a command-line script with a message an operator can act on, and a non-zero exit code. */
export function fail(error: unknown): never {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
