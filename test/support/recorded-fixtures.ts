import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run-command.js";

export interface RecordedFixture<T> {
  file: string;
  content: T;
  /** The row SOURCES.md gives it, by column name. */
  source: Record<string, string>;
}

/**
 * The recorded partner traffic in a folder of test/fixtures: every NNN-*.json file, each with its
 * row in the folder's SOURCES.md (where it was published, when, what kind of recording it is). A
 * file without a row, or a row without a file, fails the load: a fixture must keep its source.
 */
export function loadRecordedFixtures<T>(folder: string): RecordedFixture<T>[] {
  const dir = path.join(repoRoot, "test", "fixtures", folder);
  const rows = sourceRows(readFileSync(path.join(dir, "SOURCES.md"), "utf8"));
  const files = readdirSync(dir).filter((f) => /^\d{3}-.+\.json$/.test(f)).sort();
  const unlisted = files.filter((f) => !rows.has(f));
  const missing = [...rows.keys()].filter((f) => !files.includes(f));
  if (unlisted.length || missing.length) throw new Error(`${folder}/SOURCES.md: no row for ${unlisted.join(", ") || "-"}; no file for ${missing.join(", ") || "-"}`);
  return files.map((file) => ({ file, content: JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T, source: rows.get(file) ?? {} }));
}

/** The first markdown table of SOURCES.md whose first column is `file`, by file name. */
function sourceRows(markdown: string): Map<string, Record<string, string>> {
  const lines = markdown.split("\n").filter((l) => l.startsWith("|"));
  const cells = (line: string) => line.slice(1, line.endsWith("|") ? -1 : undefined).split("|").map((c) => c.trim());
  const header = cells(lines[0] ?? "");
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(2)) {
    const values = cells(line);
    rows.set(values[0] ?? "", Object.fromEntries(header.map((name, i) => [name, values[i] ?? ""])));
  }
  return rows;
}
