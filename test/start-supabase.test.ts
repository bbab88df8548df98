import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { refuseWhenMigrationsPending } from "../scripts/refuse-when-migrations-pending.js";
import { server } from "./support/msw-server.js";
import { fakeSupabaseKey, postgrestRpcHandler } from "./support/postgrest-fake.js";
import { testSql } from "./support/test-db.js";

// In this file the server is configured like a deployment on Supabase's Data API alone: no
// DATABASE_URL, only SUPABASE_URL and the service role key (answered by the msw PostgREST stand-in).
const SUPABASE_URL = "https://start-check.supabase.co";
const sql = testSql();
beforeAll(() => {
  delete process.env.DATABASE_URL;
  process.env.SUPABASE_URL = SUPABASE_URL;
  process.env.SUPABASE_SERVICE_ROLE_KEY = fakeSupabaseKey("service_role");
});
afterAll(() => sql.end());

describe("npm start's migration check through SUPABASE_URL", () => {
  it("lets the start go on when every migration file is applied", async () => {
    server.use(postgrestRpcHandler(SUPABASE_URL, sql));
    await expect(refuseWhenMigrationsPending()).resolves.toBeUndefined();
  });

  it("refuses, naming the files whose versions the database lacks", async () => {
    const files = await readMigrationFiles();
    const applied = files.slice(0, -1).map((f) => f.version);
    server.use(
      http.post(`${SUPABASE_URL}/rest/v1/rpc/app_health`, () => HttpResponse.json({ migrations: applied.length, versions: applied })),
    );
    await expect(refuseWhenMigrationsPending()).rejects.toThrow(
      `Refusing to start: the Supabase database has 1 pending migration(s) of ${files.length}:\n  ${files.at(-1)?.fileName}`,
    );
  });

  it("says the schema is missing when the health function does not exist yet", async () => {
    server.use(
      http.post(`${SUPABASE_URL}/rest/v1/rpc/app_health`, () =>
        HttpResponse.json({ code: "PGRST202", message: "Could not find the function public.app_health without parameters in the schema cache", details: null, hint: null }, { status: 404 }),
      ),
    );
    await expect(refuseWhenMigrationsPending()).rejects.toThrow("supabase db push");
  });
});
