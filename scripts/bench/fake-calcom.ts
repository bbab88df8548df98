import { createServer, type IncomingMessage, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** Slots every 30 minutes from 14:00 to 22:00 UTC (9 AM–5 PM in New York in winter). */
const SLOT_MINUTES = 30;
const FIRST_SLOT_UTC_HOUR = 14;
const LAST_SLOT_UTC_HOUR = 22;

export interface FakeCalcom {
  url: string;
  /** Bookings made, by event type and start: what Cal.com would hold. */
  readonly bookings: Map<string, { uid: string; callId: unknown }>;
  requests: number;
  close(): Promise<void>;
}

/**
 * Just enough of Cal.com v2 for the benchmark, over real HTTP with a fixed latency: free slots
 * (GET /v2/slots, format=range) and bookings (POST /v2/bookings, which refuses a taken time the way
 * Cal.com does). Answers have the shapes lib/calcom parses. Not for tests: those use the msw fake
 * checked against Cal.com's OpenAPI spec.
 */
export async function startFakeCalcom(latencyMs: number): Promise<FakeCalcom> {
  const bookings = new Map<string, { uid: string; callId: unknown }>();
  let nextId = 1;
  const fake = { url: "", bookings, requests: 0, close: async () => undefined } as FakeCalcom;
  const server: Server = createServer((request, response) => {
    fake.requests += 1;
    void (async () => {
      const body = request.method === "POST" ? ((await readJson(request)) as Record<string, unknown>) : {};
      await sleep(latencyMs);
      const url = new URL(request.url ?? "/", "http://calcom.local");
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(payload));
      };
      if (request.method === "GET" && url.pathname === "/v2/slots") {
        const eventTypeId = url.searchParams.get("eventTypeId") ?? "";
        const start = new Date(url.searchParams.get("start") ?? "");
        const end = new Date(url.searchParams.get("end") ?? "");
        return reply(200, { status: "success", data: slotsBetween(start, end, (at) => bookings.has(`${eventTypeId}@${at.toISOString()}`)) });
      }
      if (request.method === "POST" && url.pathname === "/v2/bookings") {
        const start = new Date(String(body.start));
        const key = `${String(body.eventTypeId)}@${start.toISOString()}`;
        if (bookings.has(key)) return reply(400, { status: "error", error: { code: "BadRequestException", message: "User either already has booking at this time or is not available" } });
        const id = nextId++;
        const uid = `bench-${id}`;
        const attendee = body.attendee as { name: string; timeZone: string; email?: string; phoneNumber?: string };
        const metadata = (body.metadata ?? {}) as Record<string, unknown>;
        bookings.set(key, { uid, callId: metadata.callId });
        const end = new Date(start.getTime() + SLOT_MINUTES * 60_000);
        return reply(201, {
          status: "success",
          data: {
            id, uid, title: "Bench appointment", status: "accepted", start: start.toISOString(), end: end.toISOString(), duration: SLOT_MINUTES,
            eventTypeId: Number(body.eventTypeId), attendees: [{ name: attendee.name, email: attendee.email ?? "caller@example.com", timeZone: attendee.timeZone, phoneNumber: attendee.phoneNumber }], metadata,
          },
        });
      }
      return reply(404, { status: "error", error: { code: "NotFoundException", message: `no ${request.method ?? ""} ${url.pathname} in the bench fake` } });
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function slotsBetween(start: Date, end: Date, taken: (at: Date) => boolean): Record<string, { start: string; end: string }[]> {
  const byDate: Record<string, { start: string; end: string }[]> = {};
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return byDate;
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (; day < end; day.setUTCDate(day.getUTCDate() + 1)) {
    for (let minutes = FIRST_SLOT_UTC_HOUR * 60; minutes < LAST_SLOT_UTC_HOUR * 60; minutes += SLOT_MINUTES) {
      const at = new Date(day.getTime() + minutes * 60_000);
      if (at < start || at >= end || taken(at)) continue;
      const date = at.toISOString().slice(0, 10);
      (byDate[date] ??= []).push({ start: at.toISOString(), end: new Date(at.getTime() + SLOT_MINUTES * 60_000).toISOString() });
    }
  }
  return byDate;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return {};
  }
}
