import postgres from "postgres";

export type Sql = postgres.Sql;

export interface OpenSqlOptions {
  /** Pool size; serverless functions need few. */
  max?: number;
  connectTimeoutSeconds?: number;
  /** postgres.js reads array and custom types from pg_type on connect unless told not to. */
  fetchTypes?: boolean;
}

/**
 * No pause before a connection is tried again after one failed. postgres.js's default backoff
 * grows with every failure since the last success to 20 s (3^n / 100 s), and it makes a queued
 * statement wait out the pause of the connection it was given: with the database killed, requests
 * waited their turn behind pauses, and with it back, up to 20 s before anything was tried (issue
 * 14). Without it nothing loops: postgres.js tries a connection only for a statement waiting for
 * one, and a failed try fails that statement, so each statement costs at most one attempt and is
 * told at once that the database is unavailable.
 */
const reconnectAtOnce = () => 0;

/**
 * A postgres.js pool with the settings every connection of ours needs. Prepared statements are off
 * because Supabase's transaction pooler (Supavisor, port 6543) cannot keep them between
 * transactions; notices ("already exists, skipping") are not worth a log line.
 */
export function openSql(url: string, options: OpenSqlOptions = {}): Sql {
  // Results are decoded as UTF-8; a connection string asking for another encoding would garble them.
  const encoding = URL.canParse(url) ? new URL(url).searchParams.get("client_encoding") : null;
  if (encoding !== null && !/^utf-?8$/i.test(encoding)) throw new Error(`the database connection string sets client_encoding=${encoding}; leave it out (UTF8 is used)`);
  return postgres(url, {
    prepare: false,
    max: options.max ?? 5,
    idle_timeout: 20,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    backoff: reconnectAtOnce,
    onnotice: () => undefined,
    fetch_types: options.fetchTypes ?? true,
    connection: { application_name: "ai-receptionist" },
  });
}
