interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

/** The path (a.b.0) of the first key or string holding NUL, which PostgreSQL text cannot hold:
 *  refused here, where the field can still be named. Depth first in key order, with a stack of
 *  its own rather than recursion, so that no nesting can overflow the call stack. */
export function nulPath(value: unknown, path: string[]): string | undefined {
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    if (visit.key?.includes("\0")) return pathOf(path, visit, visit.key.replaceAll("\0", "\\u0000"));
    const current = visit.value;
    if (typeof current === "string" && current.includes("\0")) return pathOf(path, visit, visit.key);
    if (current === null || typeof current !== "object") continue;
    // Pushed last to first, so that the first entry is looked at first.
    const entries = Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      pending.push({ value: child, key, parent: visit });
    }
  }
  return undefined;
}

function pathOf(start: string[], visit: Visit, lastKey: string | undefined): string {
  const keys: string[] = lastKey === undefined ? [] : [lastKey];
  for (let at = visit.parent; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
  return [...start, ...keys].join(".");
}
