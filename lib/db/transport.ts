/** A SQL type our server functions take; the direct transport casts each argument to it. */
export type DbArgType = "text" | "uuid" | "jsonb" | "integer" | "bigint" | "boolean" | "date" | "timestamptz";

export interface DbArg {
  name: string;
  type: DbArgType;
  value: unknown;
}

/**
 * How the port reaches the database: by calling one of our `public` server functions with named
 * arguments, in one round trip. Both transports return the JSON PostgREST would (rows as objects
 * via to_jsonb, timestamps as ISO strings), so one zod schema parses either.
 */
export interface DbTransport {
  readonly name: "direct" | "supabase";
  /** For `returns setof …` functions: the rows as JSON objects. */
  rows(fn: string, args?: DbArg[]): Promise<unknown[]>;
  /** For functions returning a single value (jsonb, integer, …). */
  value(fn: string, args?: DbArg[]): Promise<unknown>;
  close(): Promise<void>;
}

/** The transport with each function call (rows and value alike) run through `around`: the one
 *  shape of the wrappers that count round trips and retry aborted statements. */
export function aroundEachCall(transport: DbTransport, around: <R>(call: () => Promise<R>) => Promise<R>): DbTransport {
  return {
    name: transport.name,
    rows: (fn, args) => around(() => transport.rows(fn, args)),
    value: (fn, args) => around(() => transport.value(fn, args)),
    close: () => transport.close(),
  };
}
