import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../api/health.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { startTempCluster, type TempCluster } from "./support/temp-cluster.js";

// This file's handler talks to its own PostgreSQL server, which the tests stop and start again.
let cluster: TempCluster;
beforeAll(async () => {
  cluster = await startTempCluster();
  await bootstrapDatabase({ superuserUrl: cluster.superuserUrl(), appUrl: cluster.appUrl() });
  process.env.DATABASE_URL = cluster.appUrl();
});
afterAll(() => cluster.destroy());

const health = async () => {
  const response = await GET(new Request("http://localhost/api/health"));
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("GET /api/health while the database goes away and comes back", () => {
  it("answers 503 database unavailable during the outage and 200 again after it", async () => {
    const migrations = (await readMigrationFiles()).length;
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok", migrations } });

    await cluster.stop();
    expect(await health()).toEqual({ status: 503, body: { status: "error", database: "unavailable" } });

    cluster = await cluster.restart();
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok", migrations } });
  });
});
