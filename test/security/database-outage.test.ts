import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_DEADLINES } from "../../lib/answer-deadlines.js";
import { bootstrapDatabase } from "../../lib/db/migrations/bootstrap-database.js";
import { CALENDAR_FALLBACK } from "../../lib/vapi/tools/tool-context.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { statusUpdate } from "../fixtures/vapi/status-update.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { transcriptLine } from "../fixtures/vapi/transcript.js";
import { signalCluster } from "../support/cluster-processes.js";
import { passLocalRequestsThrough, startRunningService, type RunningService } from "../support/running-service.js";
import { startTempCluster, type TempCluster } from "../support/temp-cluster.js";
import { insertBusiness, insertCallRow } from "../support/test-db.js";
import { vapiRequest } from "../support/vapi-request.js";

// Issue 14, finding 7: with the database killed mid-burst, answers took 20 s (postgres.js's
// reconnect backoff; queries had no deadline). Here `npm start` serves a PostgreSQL cluster of this
// file's own, which the tests freeze (SIGSTOP on the postmaster and every backend: open
// connections hang, new ones are accepted by the kernel and never answered) and kill (SIGKILL:
// connections reset, then refused), in the middle of a burst of every kind of request, and then
// bring back (SIGCONT; a restart on the same port) without restarting the server.
passLocalRequestsThrough();

/** Process start-up, scheduling on two shared cores, the local network: on top of each deadline. */
const JITTER_MS = 1_000;
/** Requests of each kind sent at once in a burst. */
const BURST = 6;
/** Across the outage's start, a request every this many ms, for this long before and after. */
const STREAM_GAP_MS = 10;
const STREAM_AROUND_MS = 200;
/** After the database is back, the next requests must work within this (polled). */
const RECOVERY_LIMIT_MS = 10_000;
/** The test gives up on a request after this (status 0), so a hang fails with figures, not a timeout. */
const GIVE_UP_MS = 15_000;

const KINDS = ["assistant-request", "tool-calls", "status-update", "transcript", "health"] as const;
type Kind = (typeof KINDS)[number];
const DEADLINE_MS: Record<Kind, number> = {
  "assistant-request": ANSWER_DEADLINES.assistantRequest.answerMs,
  "tool-calls": ANSWER_DEADLINES.toolCalls.answerMs,
  "status-update": ANSWER_DEADLINES.vapiEvent.answerMs,
  transcript: ANSWER_DEADLINES.vapiEvent.answerMs,
  health: ANSWER_DEADLINES.health.answerMs,
};

let cluster: TempCluster;
let sql: postgres.Sql;
let service: RunningService;
let line: { phoneNumberId: string; number: string };
/** A call the server has recorded, for tool calls (a tool acts only for a known call). */
let callId: string;
let frozen = false;
const figures: Record<string, string> = {};

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

beforeAll(async () => {
  cluster = await startTempCluster();
  await bootstrapDatabase({ superuserUrl: cluster.superuserUrl(), appUrl: cluster.appUrl() });
  sql = postgres(cluster.appUrl(), { prepare: false, max: 1, onnotice: () => undefined });
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { name: "Harbor Dental", vapi_phone_number_id: phoneNumberId, business_hours: sql.json(everyDay) });
  line = { phoneNumberId, number: business.phone_number };
  callId = randomUUID();
  await insertCallRow(sql, business.id, new Date().toISOString(), { vapi_call_id: callId, status: "in-progress" });
  service = await startRunningService({ DATABASE_URL: cluster.appUrl() });
}, 120_000);

afterAll(async () => {
  // Never leave a frozen server behind, whatever failed.
  if (frozen) await signalCluster(cluster.dataDir, "SIGCONT").catch(() => undefined);
  await service?.stop();
  await sql?.end({ timeout: 1 });
  await cluster?.destroy();
  console.info(`database outage, answer times (ms, max per kind):\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are loose JSON, read by path below
type Answer = { kind: Kind; ms: number; status: number; body: any; toolCallId?: string };

async function ask(kind: Kind): Promise<Answer> {
  const started = performance.now();
  const toolCallId = `tc-${randomUUID()}`;
  try {
    const response = kind === "health" ? await fetch(`${service.url}/api/health`, { signal: AbortSignal.timeout(GIVE_UP_MS) }) : await postVapi(payloadOf(kind, toolCallId));
    const body: unknown = await response.json();
    return { kind, ms: performance.now() - started, status: response.status, body, toolCallId };
  } catch (error) {
    return { kind, ms: performance.now() - started, status: 0, body: { error: String(error) }, toolCallId };
  }
}

function payloadOf(kind: Exclude<Kind, "health">, toolCallId: string): unknown {
  const fresh = randomUUID();
  switch (kind) {
    case "assistant-request":
      return assistantRequest({ ...line, callId: fresh });
    case "tool-calls":
      return toolCalls({ ...line, callId, calls: [{ id: toolCallId, name: "checkAvailability", args: { date: "2030-07-15" } }] });
    case "status-update":
      return statusUpdate({ ...line, callId: fresh, status: "ringing" });
    case "transcript":
      return transcriptLine({ ...line, callId: fresh, role: "user", text: "Can I book a cleaning?", timestamp: Date.now() });
  }
}

/** The signed request vapiRequest builds for the in-process handler, sent to the real server. */
async function postVapi(payload: unknown): Promise<Response> {
  const request = vapiRequest(payload);
  return fetch(`${service.url}/api/vapi-webhook`, { method: "POST", headers: request.headers, body: await request.text(), signal: AbortSignal.timeout(GIVE_UP_MS) });
}

/** BURST requests of every kind at once. */
function burst(): Promise<Answer[]> {
  return Promise.all(KINDS.flatMap((kind) => Array.from({ length: BURST }, () => ask(kind))));
}

/** What a caller, VAPI or a monitor gets while the database cannot answer. */
function expectOutageAnswer(answer: Answer): void {
  const { kind, status, body } = answer;
  if (kind === "assistant-request") {
    expect(status, kind).toBe(200);
    expect(body.assistant.firstMessage).toContain("take a message");
    expect(body.assistant.model.tools).toBeUndefined();
  } else if (kind === "tool-calls") {
    expect(status, kind).toBe(200);
    expect(body).toEqual({ results: [{ toolCallId: answer.toolCallId, name: "checkAvailability", result: CALENDAR_FALLBACK }] });
  } else if (kind === "health") {
    expect({ status, body }).toEqual({ status: 503, body: { status: "error", database: "unavailable" } });
  } else {
    expect({ kind, status, code: body.error?.code }).toEqual({ kind, status: 503, code: "unavailable" });
  }
}

/** What they get with the database up. */
function expectNormalAnswer(answer: Answer): void {
  const { kind, status, body } = answer;
  expect({ kind, status }).toEqual({ kind, status: 200 });
  if (kind === "assistant-request") expect(body.assistant.model.tools).toHaveLength(5);
  if (kind === "tool-calls") expect(body.results[0].result).not.toBe(CALENDAR_FALLBACK);
  if (kind === "health") expect(body).toMatchObject({ status: "ok", database: "ok" });
}

function maxPerKind(answers: Answer[]): Record<Kind, number> {
  return Object.fromEntries(KINDS.map((kind) => [kind, Math.round(Math.max(...answers.filter((a) => a.kind === kind).map((a) => a.ms)))])) as Record<Kind, number>;
}

/** Warm pool: several connections open, so the outage catches them mid-use (SIGSTOP) or open (SIGKILL). */
async function warmUp(): Promise<void> {
  for (const answer of await burst()) expectNormalAnswer(answer);
}

/** Whether the database took part in this answer (it was served before the outage began). */
function servedNormally(answer: Answer): boolean {
  const { kind, status, body } = answer;
  if (status !== 200) return false;
  if (kind === "assistant-request") return body.assistant?.model?.tools !== undefined;
  if (kind === "tool-calls") return body.results?.[0]?.result !== CALENDAR_FALLBACK;
  return true;
}

/**
 * Brings the outage on in the middle of a stream of requests (one every STREAM_GAP_MS, kinds in
 * turn), then sends a burst once the stream is answered (its statements given up on, the pool's
 * connections hung or gone). Every answer comes within its deadline; those the database had
 * finished before the outage are normal, all others the outage answers.
 */
async function midBurst(scenario: string, outage: () => Promise<void>): Promise<void> {
  const inFlight: Promise<Answer>[] = [];
  const stream = setInterval(() => inFlight.push(ask(KINDS[inFlight.length % KINDS.length] ?? "health")), STREAM_GAP_MS);
  try {
    await sleep(STREAM_AROUND_MS);
    await outage();
    await sleep(STREAM_AROUND_MS);
  } finally {
    clearInterval(stream);
  }
  const first = await Promise.all(inFlight);
  const second = await burst();
  const answers = [...first, ...second];
  const max = maxPerKind(answers);
  const normal = first.filter(servedNormally).length;
  figures[scenario] = `${KINDS.map((kind) => `${kind} ${max[kind]}`).join(", ")} (${answers.length} requests, ${normal} of them served before the outage)`;
  for (const answer of first) (servedNormally(answer) ? expectNormalAnswer : expectOutageAnswer)(answer);
  for (const answer of second) expectOutageAnswer(answer);
  for (const kind of KINDS) expect(max[kind], `${scenario}: slowest ${kind} answer (ms)`).toBeLessThan(DEADLINE_MS[kind] + JITTER_MS);
}

/** Polls health until it answers 200; then every kind of request works, and a status update is stored. */
async function afterOutage(scenario: string, backSince: number): Promise<void> {
  for (;;) {
    const health = await ask("health").catch(() => undefined);
    if (health?.status === 200) break;
    expect(performance.now() - backSince, "the service did not recover").toBeLessThan(RECOVERY_LIMIT_MS);
    await sleep(100);
  }
  const recoveredMs = performance.now() - backSince;
  const answers = await burst();
  for (const answer of answers) expectNormalAnswer(answer);
  const stored = randomUUID();
  expect((await postVapi(statusUpdate({ ...line, callId: stored, status: "in-progress" }))).status).toBe(200);
  expect(await sql`select status from calls where vapi_call_id = ${stored}`).toEqual([{ status: "in-progress" }]);
  figures[`${scenario}, recovery`] = `health 200 after ${Math.round(recoveredMs)} ms; then ${KINDS.map((kind) => `${kind} ${maxPerKind(answers)[kind]}`).join(", ")}`;
  expect(recoveredMs).toBeLessThan(RECOVERY_LIMIT_MS);
}

describe("npm start while its database hangs or dies in the middle of a burst", () => {
  it("answers every request within its deadline while the database is frozen (SIGSTOP), and serves normally again once it resumes", async () => {
    await warmUp();

    try {
      await midBurst("stopped (SIGSTOP)", async () => {
        frozen = true;
        await signalCluster(cluster.dataDir, "SIGSTOP");
      });
    } finally {
      await signalCluster(cluster.dataDir, "SIGCONT");
      frozen = false;
    }
    await afterOutage("stopped (SIGSTOP)", performance.now());
  }, 90_000);

  it("answers every request within its deadline while the database is killed (connections refused), and serves normally again once it restarts on the same port", async () => {
    await warmUp();

    await midBurst("killed (SIGKILL)", async () => {
      await signalCluster(cluster.dataDir, "SIGKILL");
      await cluster.stop();
    });

    const restarting = performance.now();
    cluster = await cluster.restart();
    figures["killed (SIGKILL), PostgreSQL restart"] = `${Math.round(performance.now() - restarting)} ms (crash recovery)`;
    await afterOutage("killed (SIGKILL)", performance.now());
  }, 120_000);
});
