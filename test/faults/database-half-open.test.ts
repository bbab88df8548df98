import { createServer, connect, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "../../lib/db/database.js";
import { createDirectTransport } from "../../lib/db/direct-transport.js";
import { QUERY_TIMEOUT_MS } from "../../lib/db/query-timeout.js";

// The connections of this file's database go through a TCP relay that can go silent on every
// connection it carries at that moment, both ways and without closing them: a half-open network
// path, a wedged pooler. Unlike a stopped server, such a connection never comes back; only new
// connections (which the relay carries again) work.
interface Relayed {
  client: Socket;
  upstream: Socket;
  silent: boolean;
  /** What the client sent after the relay went silent on this connection. */
  sentWhileSilent: Buffer[];
}

/** PostgreSQL's Terminate message: a client closing a connection politely, not a statement. */
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

const relayed = new Set<Relayed>();
let relay: Server;
let relayUrl: string;

beforeAll(async () => {
  const target = new URL(inject("databaseUrl"));
  relay = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const connection: Relayed = { client, upstream, silent: false, sentWhileSilent: [] };
    relayed.add(connection);
    client.on("data", (chunk) => (connection.silent ? connection.sentWhileSilent.push(chunk) : upstream.write(chunk)));
    upstream.on("data", (chunk) => connection.silent || client.write(chunk));
    const close = () => {
      if (connection.silent) return;
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const address = relay.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  relayUrl = Object.assign(new URL(target), { port: String(address.port) }).toString();
});

afterAll(async () => {
  for (const { client, upstream } of relayed) {
    client.destroy();
    upstream.destroy();
  }
  await new Promise((resolve) => relay.close(resolve));
});

describe("the direct transport when its connections go silent for good", () => {
  it("gives up on the statement at its timeout, never sends another on those connections, and answers again at once on new ones", async () => {
    const db = createDatabase(createDirectTransport(relayUrl));
    try {
      // Several connections open, as under load: all of them go silent.
      await Promise.all(Array.from({ length: 8 }, () => db.health()));
      const silenced = [...relayed];
      for (const connection of silenced) connection.silent = true;

      const started = performance.now();
      await expect(db.health()).rejects.toMatchObject({ kind: "unavailable", message: `the database did not answer within ${QUERY_TIMEOUT_MS} ms` });
      const gaveUpMs = performance.now() - started;
      expect(gaveUpMs).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 50);
      expect(gaveUpMs).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
      const sentBefore = silenced.map((c) => c.sentWhileSilent.length);

      // The next statements go out on fresh connections, without waiting for anything.
      const next = performance.now();
      await Promise.all(Array.from({ length: 8 }, () => db.health()));
      expect(performance.now() - next).toBeLessThan(2_000);
      // The silent connections got nothing more but the pool's goodbye.
      const sentAfter = silenced.flatMap((c, i) => c.sentWhileSilent.slice(sentBefore[i]));
      expect(sentAfter.filter((chunk) => !chunk.equals(TERMINATE))).toEqual([]);
      expect([...relayed].filter((c) => !c.silent).length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
