import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded/start-embedded-postgres.js";
import { bootstrapDatabase } from "../../lib/db/migrations/bootstrap-database.js";
import { freePort } from "../bench/free-port.js";

/** A throwaway embedded PostgreSQL with every migration and the demo business, deleted by
 *  `stop()`; never npm start's own data folder, so a running `npm start` is left alone. */
export async function startScratchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "receptionist-vercel-check-"));
  await chmod(dir, 0o755); // the server runs as OS user postgres when we are root
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), ephemeral: true });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await bootstrapDatabase({ superuserUrl: server.superuserUrl(), appUrl: server.appUrl(), seed: true });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.appUrl(), stop };
}
