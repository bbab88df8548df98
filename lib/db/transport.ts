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
/** A signed-in member of businesses (a Supabase Auth user): who a member's call runs as. */
export interface Member {
  userId: string;
  /** The member's Supabase access token: what the Data API (PostgREST) checks and reads the
   *  claims from. The direct transport sets the same claims itself and needs none. */
  accessToken?: string;
}

export interface DbTransport {
  readonly name: "direct" | "supabase";
  /**
   * The same calls run as the member, as PostgREST runs a signed-in user's request: role
   * `authenticated` with the user's JWT claims, so `auth.uid()` and the row-level security
   * policies decide what the functions see and change (the owner dashboard, issue 12). Only
   * functions granted to `authenticated` can be called this way.
   */
  asMember(member: Member): DbTransport;
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
    asMember: (member) => aroundEachCall(transport.asMember(member), around),
    rows: (fn, args) => around(() => transport.rows(fn, args)),
    value: (fn, args) => around(() => transport.value(fn, args)),
    close: () => transport.close(),
  };
}
