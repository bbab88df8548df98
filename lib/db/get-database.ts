import { env } from "../env.js";
import { createDatabase, type Database } from "./database.js";

let instance: Promise<Database> | undefined;

/**
 * The process-wide database, built from the environment on first use: DATABASE_URL (direct
 * Postgres) when set, otherwise SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY (supabase-js rpc). The
 * transport's module is loaded only when chosen, so a function never pays for the other's import.
 */
export function getDatabase(): Promise<Database> {
  instance ??= connect().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

async function connect(): Promise<Database> {
  const { DATABASE_URL, SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY } = env();
  if (DATABASE_URL) {
    const { createDirectTransport } = await import("./direct-transport.js");
    return createDatabase(createDirectTransport(DATABASE_URL));
  }
  if (SUPABASE_URL && SUPABASE_SERVICE_ROLE_KEY) {
    const { createRpcTransport } = await import("./rpc-transport.js");
    return createDatabase(createRpcTransport(SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY));
  }
  throw new Error("no database configured: set DATABASE_URL, or SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (npm start uses an embedded database when neither is set)");
}
