import { afterAll } from "vitest";

/**
 * Returns `defer(fn)`: fn runs after the file's tests, newest first (servers stop before their
 * folders are removed). Call once at the top of a test file.
 */
export function deferredCleanup(): (cleanup: () => Promise<unknown>) => void {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}
