// npm run bench end to end, small: it starts its own database, fake Cal.com and server process,
// drives signed calls, and must report every row found and none lost or duplicated.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { countRows } from "../scripts/bench/count-rows.js";
import type { FakeCalcom } from "../scripts/bench/fake-calcom.js";
import { repoRoot, runCommand } from "./support/run-command.js";
import { insertBusiness, testSql } from "./support/test-db.js";
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
      // count, then 0 errors and 0 fallbacks
      expect(run.stdout).toMatch(new RegExp(`${kind} +\\d+ +0 +0 `));
    }
    const results = JSON.parse(await readFile(path.join(out, "bench.json"), "utf8")) as {
      runs: { rows: Record<string, { expected: number; found: number; lost: number; duplicated: number }>; latency: { kind: string; roundTrips: { max: number } }[] }[];
    };
    const [run4] = results.runs;
    expect(run4?.rows).toEqual({
      calls: { expected: 4, found: 4, lost: 0, duplicated: 0, unexpected: 0 },
      "ended calls": { expected: 4, found: 4, lost: 0, duplicated: 0, unexpected: 0 },
      transcript: { expected: 12, found: 12, lost: 0, duplicated: 0, unexpected: 0 },
      bookings: { expected: 4, found: 4, lost: 0, duplicated: 0, unexpected: 0 },
      "Cal.com": { expected: 4, found: 4, lost: 0, duplicated: 0, unexpected: 0 },
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

describe("the bench's row count", () => {
  it("counts call by call: a lost booking is not hidden by an unannounced one, and lost lines and calls show", async () => {
    const sql = testSql();
    try {
      const { id } = await insertBusiness(sql);
      const [told, silent] = [randomUUID(), randomUUID()];
      for (const vapiCallId of [told, silent]) {
        await sql`insert into calls (business_id, vapi_call_id, status, started_at, ended_at) values (${id}, ${vapiCallId}, 'ended', now() - interval '1 minute', now())`;
      }
      const [silentCall] = await sql<{ id: string }[]>`select id from calls where vapi_call_id = ${silent}`;
      await sql`insert into bookings (business_id, call_id, customer_name, scheduled_at, duration_minutes, status) values (${id}, ${silentCall?.id ?? ""}, 'Unannounced', '2031-01-01T10:00:00Z', 30, 'confirmed')`;
      await sql`insert into call_transcripts (call_id, business_id, role, text, sequence) select id, business_id, 'user', 'only line', 0 from calls where vapi_call_id = ${told}`;
      const calcom = { bookings: new Map<string, { uid: string; callId: unknown }>([["x", { uid: "never-recorded", callId: silentCall?.id }]]) } as unknown as FakeCalcom;
      const rows = await countRows(inject("databaseUrl"), [
        { callId: told, booked: true, linesSent: 3 },
        { callId: silent, booked: false, linesSent: 0 },
        { callId: randomUUID(), booked: false, linesSent: 2 },
      ], calcom);
      expect(rows.calls).toMatchObject({ expected: 3, found: 2, lost: 1 });
      expect(rows.transcript).toMatchObject({ expected: 5, found: 1, lost: 4 });
      expect(rows.bookings).toMatchObject({ expected: 1, found: 1, lost: 1, unexpected: 1 });
      expect(rows["Cal.com"]).toMatchObject({ expected: 1, found: 0, lost: 1 });
    } finally {
      await sql.end();
    }
  });
});
