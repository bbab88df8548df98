import { createClient, type AuthError } from "@supabase/supabase-js";
import { z } from "zod";
import { AuthAdminError, type AuthAdmin } from "./auth-admin.js";
import { QUERY_TIMEOUT_MS } from "./query-timeout.js";

/** Supabase Auth's answers for an email it already has a user for (older versions: the 422 alone). */
const ALREADY_REGISTERED = new Set(["email_exists", "user_already_exists"]);

const UserSchema = z.looseObject({ id: z.uuid() });

/**
 * Supabase Auth's admin API with the service role key (supabase-js `auth.admin`). A new email is
 * invited (inviteUserByEmail: Supabase Auth creates the user and mails them a link that signs them
 * in at `redirectTo`). For an email already registered, the invitation is refused, and
 * generateLink({type: 'magiclink'}) finds the user: it answers with the user and only makes a link,
 * which Supabase Auth does not mail and we throw away, so nobody gets a second email.
 */
export function createSupabaseAuthAdmin(url: string, serviceRoleKey: string): AuthAdmin {
  const client = createClient(url, serviceRoleKey, {
    // A server client keeps no session of its own (see rpc-transport.ts).
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) }) },
  });

  return {
    kind: "supabase",
    async userForEmail(email, { redirectTo }) {
      const invited = await client.auth.admin.inviteUserByEmail(email, { redirectTo });
      if (!invited.error) return { userId: userIdOf(invited.data.user), invited: true };
      if (!isAlreadyRegistered(invited.error)) throw failure(invited.error);
      const found = await client.auth.admin.generateLink({ type: "magiclink", email });
      if (found.error) throw failure(found.error);
      return { userId: userIdOf(found.data.user), invited: false };
    },
    close: async () => undefined,
  };
}

function userIdOf(user: unknown): string {
  const parsed = UserSchema.safeParse(user);
  if (!parsed.success) throw new AuthAdminError("unavailable", "Supabase Auth answered without the user");
  return parsed.data.id;
}

function isAlreadyRegistered(error: AuthError): boolean {
  return (error.code !== undefined && ALREADY_REGISTERED.has(error.code)) || (error.code === undefined && error.status === 422);
}

/** Supabase Auth's own message is kept in the cause (the log), not shown: it may name settings. */
function failure(error: AuthError): AuthAdminError {
  const status = error.status ?? 0;
  if (error.code === "email_address_invalid" || error.code === "validation_failed") return new AuthAdminError("invalid_email", "email: Supabase Auth does not accept this email address", { cause: error });
  if (status === 429 || error.code?.startsWith("over_")) return new AuthAdminError("rate_limited", "Supabase Auth is sending too many emails right now; try again later", { cause: error });
  if (status === 401 || status === 403) return new AuthAdminError("refused", `Supabase Auth refused the server's key (HTTP ${status}); check SUPABASE_SERVICE_ROLE_KEY`, { cause: error });
  return new AuthAdminError("unavailable", "Supabase Auth did not answer as expected; try again shortly", { cause: error });
}
