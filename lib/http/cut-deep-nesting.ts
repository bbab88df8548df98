import { isContainer } from "./nesting-depth.js";

/**
 * Replaces, in place, every array or object nested deeper than `maxDepth` levels with
 * `placeholder`, and says how many it replaced. Walked with a stack of its own (no recursion), so
 * the value afterwards is safe for the recursive code that follows (JSON.stringify overflows the
 * call stack at a few thousand levels).
 */
export function cutDeepNesting(value: unknown, maxDepth: number, placeholder: string): number {
  if (!isContainer(value)) return 0;
  let cut = 0;
  const pending: [Record<string, unknown> | unknown[], number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [container, depth] = next;
    for (const [key, child] of Object.entries(container)) {
      if (!isContainer(child)) continue;
      if (depth < maxDepth) {
        pending.push([child, depth + 1]);
        continue;
      }
      (container as Record<string, unknown>)[key] = placeholder;
      cut += 1;
    }
  }
  return cut;
}
