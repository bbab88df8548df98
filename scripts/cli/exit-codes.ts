/** What the CLI's exit status means, so scripts can act on it without reading messages. */
export const EXIT = {
  ok: 0,
  /** The server could not be reached, timed out, failed (5xx) or answered something unexpected. */
  failed: 1,
  usage: 2,
  notFound: 3,
  unauthorized: 4,
  /** The server refused the input (400, 409, 413, 422) and said why. */
  refused: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as --help lists them. */
export const EXIT_CODE_HELP: [ExitCode, string][] = [
  [EXIT.ok, "done"],
  [EXIT.failed, "server or network error: unreachable, timed out, 5xx, or an answer the CLI does not understand"],
  [EXIT.usage, "usage error: unknown command or flag, missing or malformed argument, no admin key"],
  [EXIT.notFound, "not found (404): no such business, call or member"],
  [EXIT.unauthorized, "unauthorized (401/403): the admin key was refused"],
  [EXIT.refused, "refused input (400/409/413/422): the server's message says what to fix"],
];

/** The exit code of an HTTP error status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return EXIT.notFound;
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 400 || status === 409 || status === 413 || status === 422) return EXIT.refused;
  return EXIT.failed;
}
