// npm run bench:dashboard end to end, small: npm start on a new embedded database with a seeded
// call history, signed in with the printed owner link, every page's request timed. The script
// itself refuses a history the overview does not count and any error status; the timings are
// only printed here (--report-only), since they would measure the rest of the suite running.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCommand } from "./support/run-command.js";

describe("npm run bench:dashboard", () => {
  it("times every dashboard request of a signed-in owner over a seeded history", { timeout: 180_000 }, async () => {
    const out = path.join(repoRoot, "node_modules", ".bench-dashboard-test-results");
    await rm(out, { recursive: true, force: true });
    const run = await runCommand("npm", ["run", "--silent", "bench:dashboard", "--", "--calls", "300", "--samples", "3", "--out", out, "--report-only"], {});
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Seeded 300 calls/);
    expect(run.stdout).toMatch(/calls page \(first 50\) +\d+\.\d +\d+\.\d +\d+\.\d +<300/);
    expect(run.stdout).toMatch(/overview +\d+\.\d +\d+\.\d +\d+\.\d +<500/);
    const results = JSON.parse(await readFile(path.join(out, "bench-dashboard.json"), "utf8")) as {
      settings: { calls: number };
      overviewCalls: number;
      results: { name: string; path: string; p50: number; bytes: number; targetMs: number | null }[];
    };
    expect(results.settings.calls).toBe(300);
    expect(results.overviewCalls).toBeGreaterThanOrEqual(300);
    expect(results.results.map((r) => r.name)).toEqual([
      "calls page (first 50)", "overview", "one call", "bookings (upcoming)", "bookings (past)", "businesses (switcher)",
      "browser: open calls page", "browser: Calls tab", "browser: open overview", "browser: Overview tab",
    ]);
    for (const result of results.results) {
      expect(result.p50).toBeGreaterThan(0);
      if (result.path !== "(browser)") expect(result.bytes).toBeGreaterThan(50);
    }
    await rm(out, { recursive: true, force: true });
  });
});
