import { printable } from "./printable.js";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => string | null | undefined;
  /** Cut longer cells (free text such as names and summaries); ids are never cut. */
  max?: number;
  align?: "left" | "right";
}

/** Rows as an aligned table: a header line, then one line per row, columns two spaces apart. */
export function formatTable<Row>(columns: Column<Row>[], rows: Row[]): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.cell(row), column.max)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => width(line[i] ?? ""))));
  const line = (values: string[]) =>
    values
      .map((value, i) => {
        const pad = " ".repeat((widths[i] ?? 0) - width(value));
        return columns[i]?.align === "right" ? pad + value : value + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n") + "\n";
}

/** Characters, not UTF-16 units, so names with emoji or accents line up as well as they can. */
function width(value: string): number {
  return [...value].length;
}
