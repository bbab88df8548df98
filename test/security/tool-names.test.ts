// Finding 4 of "Hold under attack" (tools named like Object.prototype members crashed the webhook,
// and took the other results of the message with them) and the inactive-business part of 8 (a
// switched-off line still booked through the tools). Against `npm start` on the test database.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { runningServiceForFile, sendTo } from "../support/running-service.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { vapiRequest } from "../support/vapi-request.js";

const service = runningServiceForFile();
const sql = testSql();
afterAll(() => sql.end());

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

/** Every own and inherited member name of a plain object that a lookup could stumble on. */
const PROTOTYPE_NAMES = [
  "constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
  "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "prototype",
];

async function liveCall(fields: Record<string, unknown> = {}) {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, business_hours: sql.json(everyDay), slot_minutes: 60, ...fields });
  const line = { callId: randomUUID(), phoneNumberId, number: business.phone_number };
  expect((await sendTo(service, vapiRequest(assistantRequest(line)))).status).toBe(200);
  return { ...line, businessId: business.id };
}

type Result = { toolCallId: string; name: string; result?: string; error?: string };

async function send(payload: unknown) {
  const response = await sendTo(service, vapiRequest(payload));
  return { status: response.status, body: (await response.json()) as { results?: Result[]; result?: string } };
}

describe("tools named like Object.prototype members", () => {
  it.each(PROTOTYPE_NAMES)("%s is a tool we do not have, answered in words", async (name) => {
    const line = await liveCall();
    const { status, body } = await send(toolCalls({ ...line, calls: [{ id: `t-${name}`, name, args: {} }] }));
    expect(status).toBe(200);
    expect(body.results).toEqual([{ toolCallId: `t-${name}`, name, error: "This tool is not available on this line; offer to take a message instead." }]);
  });

  it("does not take the other results of the message with it: [createBooking, toString] books and says so", async () => {
    const line = await liveCall();
    const { status, body } = await send(
      toolCalls({
        ...line,
        calls: [
          { id: "book", name: "createBooking", args: { name: "Ada Lovelace", dateTime: "2030-07-15T10:00" } },
          { id: "odd", name: "toString", args: {} },
          { id: "check", name: "checkAvailability", args: { date: "2030-07-15" } },
        ],
      }),
    );
    expect(status).toBe(200);
    expect(body.results?.map((r) => r.toolCallId)).toEqual(["book", "odd", "check"]);
    expect(body.results?.[0]?.result).toMatch(/^You're booked for Monday, July 15, 2030 at 10 AM, Ada Lovelace\./);
    expect(body.results?.[1]?.error).toContain("not available");
    expect(body.results?.[2]?.result).toContain("On Monday, July 15, 2030 I have");
    expect(await sql`select 1 from bookings where business_id = ${line.businessId}`).toHaveLength(1);
  });

  it("tool call ids named like them are ids like any other: a redelivery replays, once", async () => {
    const line = await liveCall();
    const calls = ["__proto__", "constructor", "toString"].map((id, i) => ({ id, name: "createBooking", args: { name: `Guest ${i}`, dateTime: `2030-07-15T1${i}:00` } }));
    const first = await send(toolCalls({ ...line, calls }));
    const again = await send(toolCalls({ ...line, calls }));
    expect(first.status).toBe(200);
    expect(first.body.results?.map((r) => r.result)).toEqual(calls.map((c, i) => expect.stringContaining(`Guest ${i}.`) as unknown as string));
    expect(again.body).toEqual(first.body);
    expect(await sql`select 1 from bookings where business_id = ${line.businessId}`).toHaveLength(3);
  });

  it("tool call ids as long as VAPI may send (up to 200 characters) book, and replay once", async () => {
    const line = await liveCall();
    const calls = [100, 101, 149, 200].map((length, i) => ({ id: `${i}`.padEnd(length, "x"), name: "createBooking", args: { name: `Long ${i}`, dateTime: `2030-07-15T1${i}:00` } }));
    const first = await send(toolCalls({ ...line, calls }));
    const again = await send(toolCalls({ ...line, calls }));
    expect(first.body.results?.map((r) => r.toolCallId)).toEqual(calls.map((c) => c.id));
    first.body.results?.forEach((r, i) => expect(r.result).toContain(`Long ${i}.`));
    expect(again.body).toEqual(first.body);
    expect(await sql`select 1 from bookings where business_id = ${line.businessId}`).toHaveLength(4);
  });

  it.each(["constructor", "toString", "__proto__"])("the legacy function-call named %s is answered as a tool we do not have", async (name) => {
    const line = await liveCall();
    const { status, body } = await send({
      message: {
        type: "function-call",
        functionCall: { name, parameters: {} },
        call: { id: line.callId, phoneNumberId: line.phoneNumberId, customer: { number: "+15559871234" } },
        phoneNumber: { id: line.phoneNumberId, number: line.number },
      },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ result: "This tool is not available on this line; offer to take a message instead." });
  });
});

describe("a business whose line is switched off", () => {
  it("books, cancels and moves nothing through the tools, and says so", async () => {
    const line = await liveCall();
    const [booked] = (await send(toolCalls({ ...line, calls: [{ id: "b1", name: "createBooking", args: { name: "Booked before", dateTime: "2030-07-15T10:00" } }] }))).body.results ?? [];
    expect(booked?.result).toContain("You're booked");
    await sql`update businesses set active = false where id = ${line.businessId}`;
    const before = await sql`select id, status, scheduled_at from bookings where business_id = ${line.businessId}`;

    const { body } = await send(
      toolCalls({
        ...line,
        calls: [
          { id: "b2", name: "createBooking", args: { name: "After switch-off", dateTime: "2030-07-15T12:00" } },
          { id: "c1", name: "cancelBooking", args: {} },
          { id: "r1", name: "rescheduleBooking", args: { newDateTime: "2030-07-15T14:00" } },
          { id: "f1", name: "findBooking", args: {} },
          { id: "a1", name: "checkAvailability", args: { date: "2030-07-15" } },
        ],
      }),
    );
    expect(body.results?.map((r) => r.result)).toEqual(Array(5).fill("Appointments can't be booked or changed on this line right now. I can take your name and number, and the team will call you back."));
    expect(await sql`select id, status, scheduled_at from bookings where business_id = ${line.businessId}`).toEqual(before);
  });
});
