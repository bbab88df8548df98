import type { TestProject } from "vitest/node";
import { actAsPostgres } from "../../lib/db/migrations/act-as-postgres.js";
import { bootstrapDatabase } from "../../lib/db/migrations/bootstrap-database.js";
import { startTempCluster } from "./temp-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test database, as the non-superuser `postgres` (what the app uses). */
    databaseUrl: string;
    /** A superuser connection to the same server, for creating scratch databases. */
    superuserUrl: string;
  }
}

/**
 * Once per run: a real PostgreSQL 17 (embedded, or TEST_DATABASE_URL when given, which must allow
 * a superuser to apply the Supabase roles shim), shim + migrations applied. Tests share it and
 * isolate themselves by creating their own businesses, so they can run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    // A superuser login: it applies the shim, then acts as the non-superuser postgres.
    const appUrl = actAsPostgres(external);
    await bootstrapDatabase({ superuserUrl: external, appUrl });
    project.provide("databaseUrl", appUrl);
    project.provide("superuserUrl", external);
    return async () => undefined;
  }
  const cluster = await startTempCluster(17);
  await bootstrapDatabase({ superuserUrl: cluster.superuserUrl(), appUrl: cluster.appUrl() });
  project.provide("databaseUrl", cluster.appUrl());
  project.provide("superuserUrl", cluster.superuserUrl());
  return () => cluster.destroy();
}
