import type postgres from "postgres";
import { log } from "../log.js";
import { databaseTimeout } from "./db-errors.js";
import { openSql, type OpenSqlOptions, type Sql } from "./open-sql.js";

export interface TimedPool {
  /** One statement; rejects with DbError "unavailable" when it has no answer within the timeout,
   *  with the driver's own error otherwise. */
  unsafe(text: string): Promise<postgres.Row[]>;
  end(): Promise<void>;
}

/**
 * A postgres.js pool whose statements have a deadline, replaced by a fresh pool when one misses it.
 *
 * postgres.js has no statement timeout, and a statement without an answer keeps its connection:
 * on a frozen server (SIGSTOP), a half-open network path or a wedged pooler that connection, and
 * every statement pipelined behind it, may never come back, and nothing new may be sent on it.
 * So the pool that missed a deadline takes no more statements; it is ended with a grace of one
 * timeout (by then every statement sent on it has been given up by its caller), then its
 * connections are destroyed and what is still queued in it is rejected rather than sent late.
 * The fresh pool connects anew: to a server that came back, at once; to one still frozen, with
 * connections that hang until their own deadline. Server-side statement_timeout could not do this:
 * a frozen or unreachable server enforces nothing.
 *
 * A statement that missed its deadline may still run when the server wakes (it was sent). Each is
 * one call of a server function in its own transaction, so it commits whole or not at all, never
 * half; the webhook's writes are idempotent (DESIGN §5), so a late commit is the one a retry by a
 * caller told "unavailable" makes anyway. (An operator's create retried after such a timeout may
 * find its own row: 409.) A caller that would undo something elsewhere when a write fails must
 * not undo it on such a timeout (DbError.neverSent tells the cases apart): calcom-book.ts keeps
 * the Cal.com booking whose record timed out rather than cancel what may yet be recorded.
 */
export function openTimedPool(url: string, options: OpenSqlOptions & { timeoutMs: number }): TimedPool {
  const { timeoutMs } = options;
  let sql = openSql(url, options);
  const retiring = new Set<Promise<void>>();

  function retire(stale: Sql): void {
    if (sql !== stale) return; // another statement of that pool retired it already
    sql = openSql(url, options);
    log.warn("database_pool_replaced", { reason: `a statement had no answer within ${timeoutMs} ms` });
    const ended: Promise<void> = stale.end({ timeout: timeoutMs / 1000 }).catch(() => undefined).finally(() => retiring.delete(ended));
    retiring.add(ended);
  }

  return {
    async unsafe(text) {
      const pool = sql;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          retire(pool);
          reject(databaseTimeout(timeoutMs));
        }, timeoutMs);
      });
      try {
        // The race observes the statement, so its failure after the deadline is not unhandled.
        return await Promise.race([pool.unsafe(text), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async end() {
      await Promise.all([sql.end({ timeout: 5 }), ...retiring]);
    },
  };
}
