import { setTimeout as sleep } from "node:timers/promises";
import { DbError } from "./db-errors.js";
import { aroundEachCall, type DbTransport } from "./transport.js";

/** Attempts per call, and the pause before each retry (ms, with jitter so the waiters part). */
const ATTEMPTS = 3;
const PAUSE_MS = [10, 40];

/**
 * The transport, with a call that PostgreSQL aborted to break a deadlock or a serialization
 * conflict run again. Every call is one server function in its own transaction, so an aborted one
 * left nothing behind and running it again is safe (the functions are idempotent besides). Seen
 * in practice: six concurrent bookings of overlapping built-in slots deadlock on the exclusion
 * constraint about once in 125 rounds; the retry finds the slot taken and answers conflict.
 */
export function retriedTransport(transport: DbTransport): DbTransport {
  return aroundEachCall(transport, async (call) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof DbError && error.kind === "transient") || attempt >= ATTEMPTS) throw error;
        const pause = PAUSE_MS[attempt - 1] ?? 40;
        await sleep(pause / 2 + Math.random() * pause);
      }
    }
  });
}
