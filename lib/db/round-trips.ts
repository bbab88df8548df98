import { AsyncLocalStorage } from "node:async_hooks";
import { aroundEachCall, type DbTransport } from "./transport.js";

interface Tally {
  count: number;
  ms: number;
}

const tallies = new AsyncLocalStorage<Tally>();

/**
 * Runs `work`, counting the database round trips made on its behalf (each server function call is
 * one: one statement on the direct transport, one HTTP request on the Supabase one) and the time
 * they took. Counted, not assumed: the benchmark and the tests read it from each response's
 * Server-Timing header.
 */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<{ result: T; roundTrips: number; dbMs: number }> {
  const tally: Tally = { count: 0, ms: 0 };
  const result = await tallies.run(tally, work);
  return { result, roundTrips: tally.count, dbMs: tally.ms };
}

/** The transport, with every call tallied for the request it serves. */
export function countedTransport(transport: DbTransport): DbTransport {
  return aroundEachCall(transport, async (call) => {
    const tally = tallies.getStore();
    if (!tally) return call();
    const started = performance.now();
    tally.count += 1;
    try {
      return await call();
    } finally {
      tally.ms += performance.now() - started;
    }
  });
}
