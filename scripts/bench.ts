// npm run bench [-- --requests 300 --concurrency 10] – latency of the VAPI webhook on the embedded
// database, beside a floor measured in the same run: the same server answering GET /api/health,
// which is one trivial database round trip. Prints p50/p95/p99 per kind and each p50 over the floor's.
import { mkdtemp, rm, chmod } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { startEmbeddedPostgres } from "../lib/db/embedded/start-embedded-postgres.js";
import { bootstrapDatabase } from "../lib/db/migrations/bootstrap-database.js";
import { fillMissingLocalSecrets, useLocalDatabase, env } from "../lib/env.js";
import { signVapiBody } from "../lib/vapi/verify-vapi-request.js";
import { fail } from "./fail.js";
import { createLocalServer } from "./local-server/create-local-server.js";

const root = path.resolve(import.meta.dirname, "..");
const DEMO = { phoneNumberId: "demo-phone-number-id", number: "+15555550100" };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: "string", default: "300" }, concurrency: { type: "string", default: "10" } } });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const dir = await mkdtemp(path.join(tmpdir(), "bench-pg-"));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), ephemeral: true });
  try {
    await bootstrapDatabase({ superuserUrl: pg.superuserUrl(), appUrl: pg.appUrl(), seed: true });
    fillMissingLocalSecrets();
    useLocalDatabase(pg.appUrl());
    const secret = env().VAPI_WEBHOOK_SECRET;
    const server = await createLocalServer({ apiDir: path.join(root, "api"), publicDir: path.join(root, "public"), logRequests: false });
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
    const base = `http://127.0.0.1:${port}`;
    const vapi = (message: Record<string, unknown>) => {
      const body = JSON.stringify({ message });
      return fetch(`${base}/api/vapi-webhook`, { method: "POST", headers: { "content-type": "application/json", ...signVapiBody(body, secret, String(Math.floor(Date.now() / 1000))) }, body });
    };
    const callOf = (id: string) => ({ call: { id, type: "inboundPhoneCall", phoneNumberId: DEMO.phoneNumberId, customer: { number: "+15557654321" } }, phoneNumber: { id: DEMO.phoneNumberId, number: DEMO.number } });
    const toolCall = await (async () => {
      const id = randomUUID();
      await vapi({ type: "assistant-request", ...callOf(id) });
      return id;
    })();

    const kinds: Record<string, () => Promise<Response>> = {
      "floor (GET /api/health)": () => fetch(`${base}/api/health`),
      "assistant-request": () => vapi({ type: "assistant-request", ...callOf(randomUUID()) }),
      "status-update": () => vapi({ type: "status-update", status: "ringing", ...callOf(randomUUID()) }),
      "tool-calls checkAvailability": () =>
        vapi({ type: "tool-calls", ...callOf(toolCall), toolCallList: [{ id: randomUUID(), type: "function", function: { name: "checkAvailability", arguments: { date: "tomorrow" } } }], toolWithToolCallList: [] }),
    };
    for (const run of Object.values(kinds)) await measure(run, 20, concurrency); // warm up every path first
    console.log(`${requests} requests per kind, ${concurrency} at a time, embedded PostgreSQL 17\n`);
    console.log("kind                              p50 ms   p95 ms   p99 ms   req/s   p50 / floor");
    let floor = 0;
    for (const [name, run] of Object.entries(kinds)) {
      const { latencies, seconds } = await measure(run, requests, concurrency);
      const p50 = percentile(latencies, 0.5);
      const p95 = percentile(latencies, 0.95);
      const p99 = percentile(latencies, 0.99);
      if (!floor) floor = p50;
      console.log(`${name.padEnd(32)} ${fmt(p50)} ${fmt(p95)} ${fmt(p99)} ${String(Math.round(requests / seconds)).padStart(7)}   ${(p50 / floor).toFixed(2).padStart(6)}`);
    }
    server.closeAllConnections();
    server.close();
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(run: () => Promise<Response>, total: number, concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        const response = await run();
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const fmt = (ms: number) => ms.toFixed(1).padStart(8);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

main().then(() => process.exit(0), fail);
