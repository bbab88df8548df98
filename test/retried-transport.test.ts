import { describe, expect, it } from "vitest";
import { DbError, dbErrorFromSqlState } from "../lib/db/db-errors.js";
import { retriedTransport } from "../lib/db/retried-transport.js";
import type { DbTransport } from "../lib/db/transport.js";

/** A transport whose calls fail with the given errors, in order, then answer "ok". */
function failing(...errors: Error[]): DbTransport & { calls: number } {
  const transport: DbTransport & { calls: number } = {
    name: "direct" as const,
    calls: 0,
    asMember: () => transport,
    async value() {
      transport.calls += 1;
      const error = errors.shift();
      if (error) throw error;
      return "ok";
    },
    async rows() {
      return [await transport.value("rows")];
    },
    close: async () => undefined,
  };
  return transport;
}

const deadlock = () => dbErrorFromSqlState("40P01", "deadlock detected", undefined);

describe("a call PostgreSQL aborted to break a deadlock or serialization conflict", () => {
  it("is run again, and its answer is the answer", async () => {
    const inner = failing(deadlock(), dbErrorFromSqlState("40001", "could not serialize access", undefined));
    expect(await retriedTransport(inner).value("book_builtin_slot")).toBe("ok");
    expect(inner.calls).toBe(3);
  });

  it("is given up after three attempts, with the database's error", async () => {
    const inner = failing(deadlock(), deadlock(), deadlock(), deadlock());
    await expect(retriedTransport(inner).rows("book_builtin_slot")).rejects.toMatchObject({ kind: "transient" });
    expect(inner.calls).toBe(3);
  });

  it("is the only kind run again: a conflict, an outage or a bug is answered at once", async () => {
    for (const error of [dbErrorFromSqlState("23P01", "overlap", undefined), new DbError("unavailable", "down"), new Error("bug")]) {
      const inner = failing(error);
      await expect(retriedTransport(inner).value("book_builtin_slot")).rejects.toBe(error);
      expect(inner.calls).toBe(1);
    }
  });
});
