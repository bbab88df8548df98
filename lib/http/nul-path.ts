/** The path (a.b.0) of the first key or string holding NUL, which PostgreSQL text cannot hold:
 *  refused here, where the field can still be named. */
export function nulPath(value: unknown, path: string[]): string | undefined {
  if (typeof value === "string") return value.includes("\0") ? path.join(".") : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\0")) return [...path, key.replaceAll("\0", "\\u0000")].join(".");
    const found = nulPath(child, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
