import { databaseTimeout } from "./db/db-errors.js";

/**
 * `work`'s outcome if it settles within `ms`, else `onLate()`'s (its value, or what it throws). A
 * promise cannot be stopped, so late work goes on unobserved: its failure then is expected, not an
 * unhandled rejection, and what it does must be bounded on its own (every database call has a
 * timeout, lib/db/query-timeout.ts; every Cal.com request has its own). A deadline already past
 * still lets work that has already settled win.
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, onLate: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onLate());
      } catch (error) {
        reject(error);
      }
    }, Math.max(0, ms));
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** withinDeadline for work that waits on the database: past `ms`, the database is unavailable
 *  for this caller (DbError "unavailable", as when it refuses connections). */
export function withinDatabaseDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return withinDeadline(work, ms, () => {
    throw databaseTimeout(Math.max(0, ms));
  });
}
