import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { freePort } from "./support/free-port.js";

const defer = deferredCleanup();

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  defer(async () => {
    await server.stop();
    // A data folder moved to /var/tmp lives in a folder of its own there.
    await rm(server.dataDir.startsWith("/var/tmp/") ? path.dirname(server.dataDir) : server.dataDir, { recursive: true, force: true });
  });
  return server;
}

async function answers(server: EmbeddedPostgres): Promise<boolean> {
  const sql = postgres(server.superuserUrl(), { max: 1 });
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    return row?.one === 1;
  } finally {
    await sql.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("runs from a folder only its owner may enter (a clone under /root), moving the data where it can run", async () => {
    const privateDir = await mkdtemp(path.join(tmpdir(), "private-home-")); // mode 0700, like /root
    defer(() => rm(privateDir, { recursive: true, force: true }));
    const requested = path.join(privateDir, ".data", "postgres");
    const server = await start(requested);
    expect(await answers(server)).toBe(true);
    if (process.getuid?.() === 0) {
      // As root the server runs as OS user postgres, which cannot enter a 0700 folder of root's.
      expect(server.dataDir).toMatch(/^\/var\/tmp\/ai-receptionist-[0-9a-f]{12}\/postgres$/);
    } else {
      expect(server.dataDir).toBe(requested);
    }
  });

  it("explains who holds the data directory when a second server is started on it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "embedded-"));
    await chmod(dir, 0o755);
    defer(() => rm(dir, { recursive: true, force: true }));
    const first = await start(path.join(dir, "pg"));
    await expect(startEmbeddedPostgres({ dataDir: first.dataDir, port: await freePort() })).rejects.toThrow(
      /lock file "postmaster.pid" already exists[\s\S]*Another PostgreSQL/,
    );
    expect(await answers(first)).toBe(true);
  });
});
