import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded/start-embedded-postgres.js";
import type { PostgresMajor } from "../../lib/db/embedded/postgres-binaries.js";
import { freePort } from "./free-port.js";

export interface TempCluster extends EmbeddedPostgres {
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
  /** Starts the same cluster again (after stop()), on the same port, with its data. */
  restart(): Promise<TempCluster>;
}

/** A throwaway PostgreSQL server in a temporary directory, on a free port. */
export async function startTempCluster(major: PostgresMajor = 17): Promise<TempCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), `receptionist-pg${major}-`));
  await chmod(dir, 0o755); // the server runs as OS user postgres when we are root
  const port = await freePort();
  const start = async (): Promise<TempCluster> => {
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port, major, ephemeral: true });
    return {
      ...server,
      destroy: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
      restart: start,
    };
  };
  return start();
}
