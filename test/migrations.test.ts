import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, MigrationError, pendingMigrations } from "../lib/db/migrations/apply-migrations.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { runCommand } from "./support/run-command.js";
import { createScratchDatabase, type ScratchDatabase } from "./support/scratch-database.js";
import { startTempCluster } from "./support/temp-cluster.js";

const defer = deferredCleanup();

async function scratch(options?: { shim?: boolean }): Promise<ScratchDatabase & { sql: postgres.Sql }> {
  const db = await createScratchDatabase(options);
  const sql = postgres(db.appUrl, { max: 2, onnotice: () => undefined });
  defer(async () => {
    await sql.end();
    await db.drop();
  });
  return { ...db, sql };
}

async function migrationDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  defer(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sqlText] of Object.entries(files)) await writeFile(path.join(dir, name), sqlText);
  return dir;
}

describe("the migration runner", () => {
  it("applies every file once, as a non-superuser, and a second run applies nothing", async () => {
    const { sql } = await scratch();
    const files = await readMigrationFiles();
    const [me] = await sql<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = current_user`;
    expect(me?.rolsuper).toBe(false);

    const first = await applyMigrations(sql);
    expect(first.applied).toEqual(files.map((f) => f.fileName));
    const second = await applyMigrations(sql);
    expect(second).toEqual({ applied: [], total: files.length });
    expect(await pendingMigrations(sql)).toEqual([]);
  });

  it("records each file where the Supabase CLI does, with the timestamp as version", async () => {
    const { sql } = await scratch();
    await applyMigrations(sql);
    const rows = await sql<{ version: string; name: string }[]>`
      select version, name from supabase_migrations.schema_migrations order by version`;
    const files = await readMigrationFiles();
    expect(rows).toEqual(files.map((f) => ({ version: f.version, name: f.name })));
    expect(rows[0]?.version).toMatch(/^\d{14}$/);
  });

  it("creates nothing in the auth schema, where postgres may not create anything (as on Supabase)", async () => {
    const { sql } = await scratch();
    await applyMigrations(sql);
    const [auth] = await sql<{ can_create: boolean; foreign_objects: number }[]>`
      select has_schema_privilege('postgres', 'auth', 'create') as can_create,
             (select count(*)::int from pg_class where relnamespace = 'auth'::regnamespace and relowner <> 'supabase_auth_admin'::regrole)
           + (select count(*)::int from pg_proc where pronamespace = 'auth'::regnamespace and proowner <> 'supabase_auth_admin'::regrole)
             as foreign_objects`;
    expect(auth).toEqual({ can_create: false, foreign_objects: 0 });
  });

  it("stops at a failing file with its name, line and SQL error, keeping earlier files and nothing of it", async () => {
    const { sql } = await scratch();
    const dir = await migrationDir({
      "20990101000000_first.sql": "create table public.first_table (id int);",
      "20990101000100_broken.sql": "create table public.broken_table (id int);\nselect no_such_column from public.first_table;",
      "20990101000200_third.sql": "create table public.third_table (id int);",
    });
    const error = await applyMigrations(sql, await readMigrationFiles(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).fileName).toBe("20990101000100_broken.sql");
    expect((error as Error).message).toContain('column "no_such_column" does not exist');
    expect((error as Error).message).toContain("line 2");

    const [tables] = await sql<{ first: string | null; broken: string | null; third: string | null }[]>`
      select to_regclass('public.first_table')::text as first, to_regclass('public.broken_table')::text as broken,
             to_regclass('public.third_table')::text as third`;
    expect(tables).toEqual({ first: "first_table", broken: null, third: null });
    const versions = await sql`select version from supabase_migrations.schema_migrations`;
    expect(versions.map((v) => v.version)).toEqual(["20990101000000"]);
  });

  it("refuses a file that is not named YYYYMMDDHHmmss_description.sql", async () => {
    const dir = await migrationDir({ "001_init.sql": "select 1;" });
    await expect(readMigrationFiles(dir)).rejects.toThrow("001_init.sql is not named YYYYMMDDHHmmss_description.sql");
  });

  it("lets concurrent runners take turns: every file is applied exactly once", async () => {
    const { sql, appUrl } = await scratch();
    const other = postgres(appUrl, { max: 2, onnotice: () => undefined });
    defer(() => other.end());
    const [a, b] = await Promise.all([applyMigrations(sql), applyMigrations(other)]);
    const files = await readMigrationFiles();
    expect([...a.applied, ...b.applied].sort()).toEqual(files.map((f) => f.fileName));
  });
});

describe("npm run db:migrate", () => {
  it("applies everything on the first run and nothing on the second", async () => {
    const { appUrl } = await scratch();
    const first = await runCommand("npm", ["run", "--silent", "db:migrate"], { DATABASE_URL: appUrl });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const files = await readMigrationFiles();
    expect(first.stdout).toContain(`applied ${files.length} migration(s)`);

    const second = await runCommand("npm", ["run", "--silent", "db:migrate"], { DATABASE_URL: appUrl });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing to do");
    expect(second.stdout).not.toContain("applied 2");
  });

  it("explains what is missing on a plain PostgreSQL without the Supabase roles, and changes nothing", async () => {
    const { appUrl, sql } = await scratch({ shim: false });
    const result = await runCommand("npm", ["run", "--silent", "db:migrate"], { DATABASE_URL: appUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no Supabase roles");
    expect(result.stderr).toContain("--shim");
    const [table] = await sql`select to_regclass('public.businesses') as t`;
    expect(table?.t).toBeNull();
  });

  it("adds the roles shim first with --shim when run as a superuser", async () => {
    const { superuserUrl } = await scratch({ shim: false });
    const result = await runCommand("npm", ["run", "--silent", "db:migrate", "--", "--shim"], { DATABASE_URL: superuserUrl });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`applied ${(await readMigrationFiles()).length} migration(s)`);

    // The migrations ran as postgres, not as the superuser login: postgres owns what they made, so
    // a later migration run as postgres (as on Supabase) can still alter it.
    const sql = postgres(superuserUrl, { max: 1, onnotice: () => undefined });
    defer(() => sql.end());
    const owners = await sql<{ owner: string }[]>`
      select distinct pg_get_userbyid(relowner) as owner from pg_class
      where relnamespace = 'public'::regnamespace and relkind in ('r', 'v', 'S')
      union
      select distinct pg_get_userbyid(proowner) from pg_proc where pronamespace in ('public'::regnamespace, 'private'::regnamespace)`;
    expect(owners.map((o) => o.owner)).toEqual(["postgres"]);
  });

  it("refuses to run with only SUPABASE_URL instead of quietly migrating the embedded database", async () => {
    const result = await runCommand("npm", ["run", "--silent", "db:migrate"], { SUPABASE_URL: "https://abc.supabase.co" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("db:migrate needs DATABASE_URL");
    expect(result.stdout).not.toContain("embedded database");
  });

  it("loads the seed idempotently with npm run db:seed", async () => {
    const { appUrl, sql } = await scratch();
    await applyMigrations(sql);
    for (let run = 0; run < 2; run++) {
      const result = await runCommand("npm", ["run", "--silent", "db:seed"], { DATABASE_URL: appUrl });
      expect(result.code).toBe(0);
    }
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from businesses`;
    expect(row?.n).toBe(1);
  });
});

describe("supported PostgreSQL versions", () => {
  it("the shared test database runs PostgreSQL 17 with a non-superuser postgres", async () => {
    const sql = postgres(inject("databaseUrl"), { max: 1 });
    defer(() => sql.end());
    const [row] = await sql<{ version: string; superuser: boolean }[]>`
      select current_setting('server_version') as version, (select rolsuper from pg_roles where rolname = current_user) as superuser`;
    expect(row?.version).toMatch(/^17\./);
    expect(row?.superuser).toBe(false);
  });

  // The PostgreSQL 15 binaries are an optional dependency published for linux-x64 only (CI's platform).
  it.runIf(process.platform === "linux" && process.arch === "x64")("the migrations apply on PostgreSQL 15 as the non-superuser postgres, as on Supabase", async () => {
    const cluster = await startTempCluster(15);
    defer(() => cluster.destroy());
    const run = await bootstrapDatabase({ superuserUrl: cluster.superuserUrl(), appUrl: cluster.appUrl(), seed: true });
    expect(run.applied).toHaveLength((await readMigrationFiles()).length);
    const sql = postgres(cluster.appUrl(), { max: 1 });
    defer(() => sql.end());
    const [row] = await sql<{ version: string; superuser: boolean; businesses: number }[]>`
      select current_setting('server_version') as version,
             (select rolsuper from pg_roles where rolname = current_user) as superuser,
             (select count(*)::int from public.businesses) as businesses`;
    expect(row).toEqual({ version: expect.stringMatching(/^15\./), superuser: false, businesses: 1 });
  });
});
