import postgres from "postgres";
import { dbErrorFromSqlState, DbError } from "./db-errors.js";
import { QUERY_TIMEOUT_MS } from "./query-timeout.js";
import { openTimedPool } from "./timed-pool.js";
import type { DbArg, DbTransport, Member } from "./transport.js";

const FN_NAME = /^[a-z_][a-z0-9_]*$/;
const ARG_TYPE = /^[a-z]+$/;

/** Codes postgres.js and Node use when the server cannot be reached or the connection dies. */
const CONNECTION_FAILURES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
]);

/** Of those, the ones that mean no connection was made: the statement never left this process. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT"]);

/** Direct Postgres (DATABASE_URL): `select … from public.fn(name => $1::type, …)`, each statement
 *  with a deadline (timed-pool.ts). */
export function createDirectTransport(url: string): DbTransport {
  // Results come back as jsonb and parameters are cast in the SQL, so the pg_type lookup
  // postgres.js makes on every new connection would only delay a cold start.
  const sql = openTimedPool(url, { fetchTypes: false, timeoutMs: QUERY_TIMEOUT_MS });

  async function run(text: string, member?: Member): Promise<postgres.Row[]> {
    // One round trip, one implicit transaction (a simple query of two statements): the role and
    // claims are set transaction-locally, as PostgREST sets them, and gone when it ends.
    const settings = member ? memberSettings(member) : undefined;
    try {
      if (!settings) return await sql.unsafe(text);
      const results = (await sql.unsafe(`${settings}; ${text}`)) as unknown as postgres.Row[][];
      return results[1] ?? [];
    } catch (error) {
      throw translate(error);
    }
  }

  function transport(member?: Member): DbTransport {
    return {
      name: "direct",
      asMember: (next) => transport(next),
      async rows(fn, args = []) {
        const result = await run(`select to_jsonb(r) as row from ${call(fn, args)} r`, member);
        return result.map((r) => r.row as unknown);
      },
      async value(fn, args = []) {
        const [first] = await run(`select to_jsonb(${call(fn, args)}) as value`, member);
        return first?.value as unknown;
      },
      // The pool is the server's: a member's view of it does not close it.
      close: member ? async () => undefined : () => sql.end(),
    };
  }
  return transport();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings PostgREST makes for a signed-in user's request (reference/supabase.md §3.3). */
function memberSettings(member: Member): string {
  if (!UUID.test(member.userId)) throw new Error("a member's userId must be a uuid");
  const claims = { sub: member.userId.toLowerCase(), role: "authenticated", aud: "authenticated" };
  const literalOf = (value: string) => literal({ name: "v", type: "text", value });
  return `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${literalOf(JSON.stringify(claims))}, true)`;
}

/**
 * `public.fn(name => E'value'::type, …)`: arguments travel as quoted literals, not as bind
 * parameters. The reason is latency: with prepared statements off (Supabase's transaction pooler
 * cannot keep them), postgres.js sends a parameterised statement in two round trips (Parse and
 * Describe to learn the parameter types, then Bind and Execute), and a statement without
 * parameters in one. Every value is a string literal cast to its declared type, so quoting is the
 * whole of the escaping: in an E'' literal only the backslash and the quote are special, and both
 * are doubled. NUL cannot be part of a PostgreSQL string at all and is refused, as the server
 * would refuse it as a parameter. Timestamps arrive as ISO text and are read whole by the cast
 * (a page key keeps its microseconds, which a JS Date would drop).
 */
export function call(fn: string, args: DbArg[]): string {
  if (!FN_NAME.test(fn) || args.some((a) => !FN_NAME.test(a.name) || !ARG_TYPE.test(a.type))) throw new Error(`invalid function call ${fn}`);
  return `public.${fn}(${args.map((a) => `${a.name} => ${literal(a)}::${a.type}`).join(", ")})`;
}

function literal(arg: DbArg): string {
  const { value } = arg;
  if (value === null || value === undefined) return "null";
  const text =
    arg.type === "jsonb"
      ? wellFormedJson(JSON.stringify(value))
      : typeof value === "string"
        ? value.toWellFormed()
        : typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
          ? String(value)
          : undefined;
  if (text === undefined) throw new Error(`argument ${arg.name}: a ${typeof value} cannot be sent as ${arg.type}`);
  // The message the server gives for NUL in a parameter (see dbErrorFromSqlState): it names no internals.
  if (text.includes("\0")) throw new DbError("invalid_input", "text contains a character that cannot be stored (NUL, \\u0000)");
  return `E'${asciiOnly(text)}'`;
}

/**
 * The literal's body in pure ASCII: backslash and quote doubled, every other non-ASCII character
 * as a \u or \U escape (E'' strings read them on a UTF8 server, as Supabase's are). Whatever
 * client_encoding a connection string asks for, no multibyte sequence can then swallow a quote's
 * escape.
 */
function asciiOnly(text: string): string {
  return text.replace(/[\\'\u0080-\u{10FFFF}]/gu, (char) => {
    if (char === "\\") return "\\\\";
    if (char === "'") return "''";
    const code = char.codePointAt(0) ?? 0xfffd;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
  });
}

/** JSON.stringify writes a lone surrogate as a \udXXX escape, which jsonb refuses; as in text
 *  arguments (which UTF-8 encoding turns into U+FFFD), it becomes U+FFFD. An escaped backslash
 *  before the u (an even run) is the text "\u…", left alone. */
function wellFormedJson(json: string): string {
  return json.replace(/(\\+)u(d[89a-f][0-9a-f]{2})/gi, (all, slashes: string) => (slashes.length % 2 === 1 ? `${slashes.slice(0, -1)}\\ufffd` : all));
}

function translate(error: unknown): DbError {
  if (error instanceof DbError) return error;
  if (error instanceof postgres.PostgresError) {
    return dbErrorFromSqlState(error.code, error.message, error, error.constraint_name);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CONNECTION_FAILURES.has(code)) {
    return new DbError("unavailable", "the database is unavailable", { cause: error, neverSent: NOT_CONNECTED.has(code) });
  }
  return new DbError("unexpected", "unexpected database error", { cause: error });
}
