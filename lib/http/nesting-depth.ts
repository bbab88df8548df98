/** Whether a value is an array or object: the containers JSON nests. */
export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === "object";
}

/**
 * How deeply arrays and objects nest in a parsed JSON value: a scalar is 0, `[]` is 1, `[{}]` is
 * 2. Walked with a stack of its own rather than by recursion, so that no depth a body can reach
 * (JSON.parse takes hundreds of thousands of levels) overflows the call stack; it stops counting
 * past `stopAbove`.
 */
export function nestingDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  if (!isContainer(value)) return 0;
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [container, depth] = next;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(container as object)) if (isContainer(child)) pending.push([child, depth + 1]);
  }
  return deepest;
}
