import postgres from "postgres";
import { dbErrorFromSqlState, DbError } from "./db-errors.js";
import { openSql } from "./open-sql.js";
import type { DbArg, DbTransport } from "./transport.js";

const FN_NAME = /^[a-z_][a-z0-9_]*$/;
const ARG_TYPE = /^[a-z]+$/;

/** Codes postgres.js and Node use when the server cannot be reached or the connection dies. */
const CONNECTION_FAILURES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
]);

/** Direct Postgres (DATABASE_URL): `select … from public.fn(name => $1::type, …)`. */
export function createDirectTransport(url: string): DbTransport {
  // Results come back as jsonb and parameters are cast in the SQL, so the pg_type lookup
  // postgres.js makes on every new connection would only delay a cold start.
  const sql = openSql(url, { fetchTypes: false });

  async function run(text: string, args: DbArg[]): Promise<postgres.Row[]> {
    try {
      return await sql.unsafe(text, args.map(toParameter) as postgres.ParameterOrJSON<never>[]);
    } catch (error) {
      throw translate(error);
    }
  }

  return {
    name: "direct",
    async rows(fn, args = []) {
      const result = await run(`select to_jsonb(r) as row from ${call(fn, args)} r`, args);
      return result.map((r) => r.row as unknown);
    },
    async value(fn, args = []) {
      const [first] = await run(`select to_jsonb(${call(fn, args)}) as value`, args);
      return first?.value as unknown;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

function call(fn: string, args: DbArg[]): string {
  if (!FN_NAME.test(fn) || args.some((a) => !FN_NAME.test(a.name) || !ARG_TYPE.test(a.type))) throw new Error(`invalid function call ${fn}`);
  return `public.${fn}(${args.map((a, i) => `${a.name} => $${i + 1}::${castOf(a.type)}`).join(", ")})`;
}

/** postgres.js sends a timestamptz parameter through a JS Date, which keeps milliseconds only;
 *  as text, the database reads the value whole (a page key keeps its microseconds). */
function castOf(type: DbArg["type"]): string {
  return type === "timestamptz" ? "text::timestamptz" : type;
}

/** postgres.js learns each parameter's type from the server (the casts above) and serializes
 *  jsonb itself, so objects go in as they are. */
function toParameter(arg: DbArg): unknown {
  return arg.value ?? null;
}

function translate(error: unknown): DbError {
  if (error instanceof postgres.PostgresError) {
    return dbErrorFromSqlState(error.code, error.message, error, error.constraint_name);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CONNECTION_FAILURES.has(code)) {
    return new DbError("unavailable", "the database is unavailable", { cause: error });
  }
  return new DbError("unexpected", "unexpected database error", { cause: error });
}
