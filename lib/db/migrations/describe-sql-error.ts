import postgres from "postgres";

/** "relation x does not exist (SQLSTATE 42P01, line 12)": what an operator needs to fix a file. */
export function describeSqlError(error: unknown, sqlText: string): string {
  if (!(error instanceof postgres.PostgresError)) return error instanceof Error ? error.message : String(error);
  const parts = [`SQLSTATE ${error.code}`];
  const position = Number(error.position);
  if (Number.isInteger(position) && position > 0) {
    parts.push(`line ${sqlText.slice(0, position).split("\n").length}`);
  }
  const detail = error.detail ? `; ${error.detail}` : "";
  return `${error.message}${detail} (${parts.join(", ")})`;
}
