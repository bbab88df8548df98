import { env, isProduction, runsOnLocalDatabase, type Env } from "../env.js";

/** The issuer of the local sign-in's sessions: no URL, so no Supabase project can be mistaken for it. */
export const LOCAL_ISSUER = "urn:ai-receptionist:local";

/**
 * The secret local sessions are signed and checked with, when local sign-in is on; undefined
 * otherwise. It is on only where nothing else can sign members in: LOCAL_SESSION_SECRET set, not
 * production, and this process serving the embedded database npm start started (whose auth.users
 * is the shim's). A Supabase configuration never turns it on, whatever else is set.
 */
export function localSignInSecret(config: Env = env()): string | undefined {
  if (!config.LOCAL_SESSION_SECRET || isProduction(config) || config.SUPABASE_URL) return undefined;
  return runsOnLocalDatabase(config) ? config.LOCAL_SESSION_SECRET : undefined;
}
