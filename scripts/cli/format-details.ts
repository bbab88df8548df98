import { printable } from "./printable.js";

/** One record as "Label:  value" lines with the values aligned. Multi-line values (a greeting)
 *  are kept on one line; long ones are not cut: this is where an operator reads them in full. */
export function formatDetails(fields: [label: string, value: string | null | undefined][]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${printable(value)}`).join("\n") + "\n";
}
