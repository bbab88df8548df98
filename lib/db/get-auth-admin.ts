import { env, runsOnLocalDatabase } from "../env.js";
import type { AuthAdmin } from "./auth-admin.js";

let current: { key: string; admin: Promise<AuthAdmin> } | undefined;

/**
 * The process-wide AuthAdmin: the embedded database's stand-in when this process runs on the
 * database npm start started, else Supabase Auth when SUPABASE_URL and the service role key are
 * set, else undefined (behind a plain DATABASE_URL nobody can make users). Each module is loaded
 * only when chosen, as in get-database.ts; a changed configuration gets a new one.
 */
export function getAuthAdmin(): Promise<AuthAdmin> | undefined {
  const config = env();
  const { DATABASE_URL, SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY } = config;
  let key: string;
  let make: () => Promise<AuthAdmin>;
  if (runsOnLocalDatabase(config) && DATABASE_URL) {
    key = `local ${DATABASE_URL}`;
    make = async () => (await import("./local-auth-admin.js")).createLocalAuthAdmin(DATABASE_URL);
  } else if (SUPABASE_URL && SUPABASE_SERVICE_ROLE_KEY) {
    key = `supabase ${SUPABASE_URL} ${SUPABASE_SERVICE_ROLE_KEY}`;
    make = async () => (await import("./supabase-auth-admin.js")).createSupabaseAuthAdmin(SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY);
  } else {
    return undefined;
  }
  if (current?.key !== key) {
    const previous = current?.admin;
    current = { key, admin: make() };
    void previous?.then((admin) => admin.close()).catch(() => undefined);
  }
  return current.admin;
}
