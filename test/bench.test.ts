// npm run bench end to end, small: it starts its own database, fake Cal.com and server process,
// drives signed calls, and must report every row found and none lost or duplicated.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { repoRoot, runCommand } from "./support/run-command.js";
import { createScratchDatabase } from "./support/scratch-database.js";

describe("npm run bench", () => {
  it("drives signed calls through a server process and finds every row, once", { timeout: 180_000 }, async () => {
    const out = path.join(repoRoot, "node_modules", ".bench-test-results");
    await rm(out, { recursive: true, force: true });
    const run = await runCommand("npm", ["run", "--silent", "bench", "--", "--calls", "4", "--lines", "3", "--calcom-latency", "5", "--ramp-ms", "0", "--cold-samples", "1", "--out", out], {});
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/api\/vapi-webhook\.ts +\d+\.\d ms/);
    for (const kind of ["assistant-request", "status-update", "transcript", "tool-calls checkAvailability", "tool-calls createBooking", "end-of-call-report"]) {
      expect(run.stdout).toMatch(new RegExp(`${kind} +\\d+ +0 `));
    }
    const results = JSON.parse(await readFile(path.join(out, "bench.json"), "utf8")) as {
      runs: { rows: Record<string, { expected: number; found: number; lost: number; duplicated: number }>; latency: { kind: string; roundTrips: { max: number } }[] }[];
    };
    const [run4] = results.runs;
    expect(run4?.rows).toEqual({
      calls: { expected: 4, found: 4, lost: 0, duplicated: 0 },
      "ended calls": { expected: 4, found: 4, lost: 0, duplicated: 0 },
      transcript: { expected: 12, found: 12, lost: 0, duplicated: 0 },
      bookings: { expected: 4, found: 4, lost: 0, duplicated: 0 },
      "Cal.com": { expected: 4, found: 4, lost: 0, duplicated: 0 },
    });
    const trips = Object.fromEntries(run4?.latency.map((l) => [l.kind, l.roundTrips.max]) ?? []);
    expect(trips).toMatchObject({ "assistant-request": 1, "status-update": 1, transcript: 1, "tool-calls checkAvailability": 1, "tool-calls createBooking": 2, "end-of-call-report": 1 });
    await expect(readFile(path.join(out, "bench.svg"), "utf8")).resolves.toMatch(/^<svg /);
    await rm(out, { recursive: true, force: true });
  });

  it("runs on DATABASE_URL instead when it is set, and leaves that database as it found it", { timeout: 180_000 }, async () => {
    const scratch = await createScratchDatabase();
    try {
      await bootstrapDatabase({ superuserUrl: scratch.superuserUrl, appUrl: scratch.appUrl });
      const out = path.join(repoRoot, "node_modules", ".bench-test-results-url");
      const run = await runCommand("npm", ["run", "--silent", "bench", "--", "--calls", "2", "--lines", "2", "--calcom-latency", "0", "--ramp-ms", "0", "--cold-samples", "1", "--out", out], { DATABASE_URL: scratch.appUrl });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("on DATABASE_URL");
      const sql = postgres(scratch.appUrl, { max: 1 });
      expect(await sql`select count(*)::int as n from businesses`).toEqual([{ n: 0 }]);
      await sql.end();
      await rm(out, { recursive: true, force: true });
    } finally {
      await scratch.drop();
    }
  });
});
