import { http, HttpResponse } from "msw";
import postgres from "postgres";

/**
 * Answers supabase-js `rpc()` calls the way PostgREST does (reference/supabase.md §5), by running
 * the function on the real test database: POST {url}/rest/v1/rpc/{fn} with named arguments as the
 * JSON body; the role comes from the Bearer JWT's `role` claim and is set, with the claims,
 * transaction-locally; setof functions answer arrays, composite ones objects, scalars themselves;
 * errors carry the SQLSTATE in `code` with PostgREST's HTTP status.
 */
export function postgrestRpcHandler(supabaseUrl: string, sql: postgres.Sql) {
  return http.post(`${supabaseUrl}/rest/v1/rpc/:fn`, async ({ request, params }) => {
    const claims = claimsOf(request.headers.get("authorization"));
    if (!claims || request.headers.get("apikey") === null) {
      return HttpResponse.json({ code: "PGRST301", message: "JWT could not be decoded", details: null, hint: null }, { status: 401 });
    }
    const fn = String(params.fn);
    const [proc] = await sql<{ retset: boolean; composite: boolean; read_only: boolean; names: string[] | null; types: string[] }[]>`
      select p.proretset as retset, t.typtype = 'c' as composite, p.provolatile <> 'v' as read_only,
             to_jsonb(p.proargnames) as names,
             to_jsonb(p.proargtypes::regtype[]::text[]) as types
      from pg_proc p join pg_type t on t.oid = p.prorettype
      where p.pronamespace = 'public'::regnamespace and p.proname = ${fn}`;
    if (!proc) {
      return HttpResponse.json(
        { code: "PGRST202", message: `Could not find the function public.${fn} in the schema cache`, details: null, hint: null },
        { status: 404 },
      );
    }
    const args = (await request.json()) as Record<string, unknown>;
    const names = Object.keys(args);
    const call = `public.${fn}(${names.map((name, i) => `${name} => $${i + 1}::${proc.types[proc.names?.indexOf(name) ?? -1] ?? "text"}`).join(", ")})`;
    const text = proc.retset
      ? `select coalesce(jsonb_agg(to_jsonb(r)), '[]'::jsonb) as body from ${call} r`
      : proc.composite
        ? `select to_jsonb(r) as body from ${call} r`
        : `select to_jsonb(${call}) as body`;
    const values = names.map((name) => args[name] ?? null);
    try {
      const body = await sql.begin(async (tx) => {
        // PostgREST runs STABLE and IMMUTABLE functions read-only even when called with POST.
        if (proc.read_only) await tx`set transaction read only`;
        await tx`select set_config('role', ${String(claims.role)}, true),
                        set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                        set_config('search_path', 'public, extensions', true)`;
        const [row] = await tx.unsafe(text, values as postgres.ParameterOrJSON<never>[]);
        return row?.body as unknown;
      });
      return HttpResponse.json(body as never);
    } catch (error) {
      if (!(error instanceof postgres.PostgresError)) throw error;
      return HttpResponse.json(
        { code: error.code, message: error.message, details: error.detail ?? null, hint: error.hint ?? null },
        { status: statusOf(error.code, String(claims.role)) },
      );
    }
  });
}

/** PostgREST's SQLSTATE → HTTP table (docs references/errors.rst), the part our functions can hit. */
function statusOf(code: string, role: string): number {
  if (code === "42501") return role === "anon" ? 401 : 403;
  if (code === "23505" || code === "23503") return 409;
  if (code === "42883") return 404;
  if (code === "P0001" || code.startsWith("22") || code.startsWith("23")) return 400;
  if (code.startsWith("08") || code.startsWith("53") || code.startsWith("57")) return 503;
  return 500;
}

function claimsOf(authorization: string | null): Record<string, unknown> | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, "");
  const payload = token?.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    return typeof claims.role === "string" ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** A legacy Supabase API key: an (unsigned, for tests) JWT whose role claim picks the Postgres role. */
export function fakeSupabaseKey(role: "anon" | "service_role"): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: "supabase", role })}.test-signature`;
}

/** A signed-in user's access token as Supabase Auth issues it (claims only: the fake checks no signature). */
export function fakeAccessToken(userId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: "supabase", sub: userId, role: "authenticated", aud: "authenticated" })}.test-signature`;
}
