// Database round trips per webhook event, counted by the server (Server-Timing header), not assumed:
// every event takes one, a tool that acts takes one more (the booking, or the change with its answer).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../api/vapi-webhook.js";
import { installCalcomFake } from "./mocks/calcom.js";
import { assistantRequest } from "./fixtures/vapi/assistant-request.js";
import { endOfCallReport } from "./fixtures/vapi/end-of-call-report.js";
import { statusUpdate } from "./fixtures/vapi/status-update.js";
import { toolCalls } from "./fixtures/vapi/tool-calls.js";
import { transcriptLine } from "./fixtures/vapi/transcript.js";
import { insertBusiness, testSql } from "./support/test-db.js";
import { connectToCalcomFake } from "./support/calcom-connection.js";
import { vapiRequest } from "./support/vapi-request.js";

const sql = testSql();
afterAll(() => sql.end());
const calcom = installCalcomFake();

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));
type Line = { callId: string; phoneNumberId: string; number: string; businessId: string };

async function line(timezone = "America/New_York"): Promise<Line> {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, timezone, business_hours: sql.json(everyDay), slot_minutes: 60 });
  return { callId: randomUUID(), phoneNumberId, number: business.phone_number, businessId: business.id };
}

/** Sends one message; returns its answer and the round trips the server says it made. */
async function send(payload: unknown): Promise<{ roundTrips: number; body: unknown }> {
  const response = await POST(vapiRequest(payload));
  expect(response.status).toBe(200);
  const timing = response.headers.get("server-timing") ?? "";
  const counted = /desc="(\d+) round trips?"/.exec(timing)?.[1];
  expect(counted, `server-timing: ${timing}`).toBeDefined();
  return { roundTrips: Number(counted), body: await response.json() };
}

async function tool(l: Line, id: string, name: string, args: Record<string, unknown>) {
  const { roundTrips, body } = await send(toolCalls({ ...l, calls: [{ id, name, args }] }));
  return { roundTrips, result: (body as { results: { result: string }[] }).results[0]?.result ?? "" };
}

describe("database round trips per VAPI event", () => {
  it("one for every call event: assistant-request, status-update, transcript, end-of-call-report", async () => {
    const l = await line();
    expect((await send(assistantRequest(l))).roundTrips).toBe(1);
    expect((await send(statusUpdate({ ...l, status: "in-progress" }))).roundTrips).toBe(1);
    expect((await send(transcriptLine({ ...l, role: "user", text: "Hello there", timestamp: Date.now() }))).roundTrips).toBe(1);
    const report = endOfCallReport({ ...l, startedAt: "2030-07-15T14:00:00.000Z", endedAt: "2030-07-15T14:03:00.000Z" });
    expect((await send(report)).roundTrips).toBe(1);
  });

  it("built-in calendar: one to check, two to book (one on redelivery), find one, cancel and move two", async () => {
    const l = await line();
    const check = await tool(l, "a1", "checkAvailability", { date: "2030-07-15" });
    expect(check).toMatchObject({ roundTrips: 1, result: expect.stringContaining("I have 9 AM") as unknown });
    const book = await tool(l, "b1", "createBooking", { name: "Ada", dateTime: "2030-07-15T10:00" });
    expect(book).toMatchObject({ roundTrips: 2, result: expect.stringContaining("You're booked") as unknown });
    expect(await tool(l, "b1", "createBooking", { name: "Ada", dateTime: "2030-07-15T10:00" })).toEqual({ roundTrips: 1, result: book.result });
    expect(await tool(l, "f1", "findBooking", {})).toMatchObject({ roundTrips: 1, result: expect.stringContaining("July 15, 2030 at 10 AM") as unknown });
    const moved = await tool(l, "r1", "rescheduleBooking", { newDateTime: "2030-07-15T13:00" });
    expect(moved).toMatchObject({ roundTrips: 2, result: expect.stringContaining("now on Monday, July 15, 2030 at 1 PM") as unknown });
    expect(await tool(l, "r1", "rescheduleBooking", { newDateTime: "2030-07-15T13:00" })).toEqual({ roundTrips: 1, result: moved.result });
    const cancelled = await tool(l, "x1", "cancelBooking", {});
    expect(cancelled).toMatchObject({ roundTrips: 2, result: expect.stringContaining("is cancelled") as unknown });
    expect(await tool(l, "x1", "cancelBooking", {})).toEqual({ roundTrips: 1, result: cancelled.result });
    expect(await sql`select status, scheduled_at from bookings where business_id = ${l.businessId}`).toEqual([
      { status: "cancelled", scheduled_at: new Date("2030-07-15T17:00:00Z") },
    ]);
  });

  it("reads the day around 'tomorrow' in one round trip at the edges of the world's time zones", async () => {
    for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"]) {
      const l = await line(zone);
      // A booking tomorrow at 9 local time must be seen as taken by the one-round-trip read.
      const booked = await tool(l, `b-${zone}`, "createBooking", { name: "Early", dateTime: tomorrowAt(zone, "09:00") });
      expect(booked.result, zone).toContain("You're booked");
      const check = await tool(l, `c-${zone}`, "checkAvailability", { date: "tomorrow" });
      expect(check.roundTrips, zone).toBe(1);
      expect(check.result, zone).toMatch(/ I have 10 AM, /);
    }
  });

  it("Cal.com calendar: one round trip to check, two to book", async () => {
    const l = await line();
    await connectToCalcomFake(calcom, l.businessId);
    expect(await tool(l, "c1", "checkAvailability", { date: "2030-07-15" })).toMatchObject({ roundTrips: 1, result: expect.stringContaining("I have 9 AM") as unknown });
    const book = await tool(l, "b1", "createBooking", { name: "Grace", email: "grace@example.com", dateTime: "2030-07-15T10:00" });
    expect(book).toMatchObject({ roundTrips: 2, result: expect.stringContaining("You're booked") as unknown });
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
  });

  it("a tool after a booking in the same message does not offer the slot just booked", async () => {
    const l = await line();
    const { body } = await send(
      toolCalls({
        ...l,
        calls: [
          { id: "m1", name: "createBooking", args: { name: "Ada", dateTime: "2030-07-15T09:00" } },
          { id: "m2", name: "checkAvailability", args: { date: "2030-07-15" } },
        ],
      }),
    );
    const [booked, check] = (body as { results: { result: string }[] }).results;
    expect(booked?.result).toContain("You're booked for Monday, July 15, 2030 at 9 AM");
    expect(check?.result).toMatch(/I have 10 AM, /);
  });
});

function tomorrowAt(zone: string, time: string): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
  const next = new Date(`${today}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T${time}`;
}

describe("tool_call_context during a deploy", () => {
  it("still answers the previous server code, which sends six arguments", async () => {
    const l = await line();
    const [row] = await sql`
      select public.tool_call_context(p_vapi_call_id => ${l.callId}, p_vapi_phone_number_id => ${l.phoneNumberId}, p_phone_number => ${l.number},
                                      p_customer_number => null, p_direction => 'inbound', p_tool_call_ids => '[]'::jsonb) as context`;
    expect(row?.context).toMatchObject({ outcome: "found", business: { id: l.businessId }, answered: {} });
  });
});
