import { createClient, type PostgrestError } from "@supabase/supabase-js";
import { dbErrorFromSqlState, DbError } from "./db-errors.js";
import { QUERY_TIMEOUT_MS } from "./query-timeout.js";
import type { DbArg, DbTransport, Member } from "./transport.js";

/** supabase-js `rpc()` through Supabase's Data API (SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY). */
export function createRpcTransport(url: string, serviceRoleKey: string): DbTransport {
  return rpcTransport(url, serviceRoleKey, undefined);
}

/**
 * As the service role, or, with a member's access token, as that member: PostgREST takes the role
 * and claims from the token in Authorization (which supabase-js leaves alone when given), and
 * refuses one it did not issue, so RLS decides on the Data API as on the direct transport.
 */
function rpcTransport(url: string, serviceRoleKey: string, member: Member | undefined): DbTransport {
  if (member && !member.accessToken) throw new Error("a member's calls through the Supabase Data API need the member's access token");
  const client = createClient(url, serviceRoleKey, {
    // A server client must never pick up a user session: with one attached, its requests would
    // run as that user instead of service_role.
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Every request has the deadline of a database call; an aborted fetch comes back from
    // supabase-js as status 0, which translate() reads as unavailable. A signal of the caller's
    // (supabase-js sets none unless asked) still applies too.
    global: {
      fetch: (input, init) => fetch(input, { ...init, signal: deadlineSignal(init?.signal) }),
      ...(member ? { headers: { Authorization: `Bearer ${member.accessToken ?? ""}` } } : {}),
    },
  });

  async function rpc(fn: string, args: DbArg[]): Promise<unknown> {
    const body = Object.fromEntries(args.map((a) => [a.name, a.value ?? null]));
    const { data, error, status } = await client.rpc(fn, body);
    if (error) throw translate(error, status);
    return data as unknown;
  }

  return {
    name: "supabase",
    asMember: (next) => rpcTransport(url, serviceRoleKey, next),
    async rows(fn, args = []) {
      const data = await rpc(fn, args);
      if (!Array.isArray(data)) throw new DbError("unexpected", `${fn} did not return rows`);
      return data as unknown[];
    },
    value: (fn, args = []) => rpc(fn, args),
    close: async () => undefined,
  };
}

function deadlineSignal(signal: AbortSignal | null | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(QUERY_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * PostgREST relays the SQLSTATE in `code`; its PGRST000–003 codes and gateway statuses mean the
 * database could not be reached, and supabase-js reports a failed fetch as status 0. A refused key
 * (401/403 without a SQLSTATE) is a configuration error, not an outage: it must not look like one.
 */
function translate(error: PostgrestError, status: number): DbError {
  const code = error.code || undefined;
  if (status === 0 || status >= 502 || (code && /^PGRST00[0-3]$/.test(code))) {
    return new DbError("unavailable", "the database is unavailable", { cause: error });
  }
  if (!code && (status === 401 || status === 403)) {
    return new DbError("unexpected", `Supabase refused the server's key (HTTP ${status}); check SUPABASE_SERVICE_ROLE_KEY`, { cause: error });
  }
  const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  return dbErrorFromSqlState(code, error.message, error, constraint);
}
