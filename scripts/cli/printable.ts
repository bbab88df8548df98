/** Text from the database made safe for one terminal cell: control characters (newlines, ANSI
 *  escapes someone put in a business name) become spaces; cut at `max` characters with "…". */
export function printable(value: string | null | undefined, max = Infinity): string {
  if (value === null || value === undefined || value === "") return "-";
  const flat = value.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim() || "-";
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join("")}…` : flat;
}
