import { describe, expect, it } from "vitest";
import { GET } from "../api/health.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";

describe("GET /api/health", () => {
  it("answers 200 with the number of applied migrations", async () => {
    const response = await GET(new Request("http://localhost/api/health"));
    expect(response.status).toBe(200);
    const files = await readMigrationFiles();
    expect(await response.json()).toEqual({ status: "ok", database: "ok", migrations: files.length });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
