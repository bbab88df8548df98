// Finding 3 of "Hold under attack": racing requests that share an idempotency key (an operator's
// Idempotency-Key, or a VAPI tool call id shared by two calls) make at most one booking, and no
// one is answered with another request's booking. The built-in calendar is attacked through
// `npm start`; the Cal.com path in-process, where msw can stand in for Cal.com.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST as book } from "../../api/calcom/book.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { toolCalls } from "../fixtures/vapi/tool-calls.js";
import { installCalcomFake } from "../mocks/calcom.js";
import { connectToCalcomFake } from "../support/calcom-connection.js";
import { operatorRequest } from "../support/operator-request.js";
import { runningServiceForFile, sendTo } from "../support/running-service.js";
import { insertBusiness, testSql } from "../support/test-db.js";
import { vapiRequest } from "../support/vapi-request.js";

const service = runningServiceForFile();
const calcom = installCalcomFake();
const sql = testSql();
afterAll(() => sql.end());

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

/** The n-th half-hour slot from 2030-07-15 09:00 local (16 a day). */
const slot = (n: number) => {
  const day = 15 + Math.floor(n / 16);
  const minutes = 9 * 60 + (n % 16) * 30;
  return `2030-07-${String(day)}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
};

/** Sender i's request: its own time, name, number and private notes. */
const senderBody = (businessId: string, i: number, start = slot(i)) => ({
  businessId,
  start,
  name: `Sender ${i}`,
  phone: `+1555010${String(i).padStart(4, "0")}`,
  notes: `private note of sender ${i}`,
});

type Confirmation = { booking?: { id: string; name: string; phone: string; notes: string }; error?: { code: string; message: string } };

async function bookThrough(send: (request: Request) => Promise<Response>, body: Record<string, unknown>, key: string) {
  const response = await send(operatorRequest("/api/calcom/book", { body, headers: { "idempotency-key": key } }));
  return { status: response.status, text: await response.text() };
}

/** Every 201 is the sender's own booking; every other answer names no other sender. */
function expectOwnAnswers(results: { status: number; text: string }[], senders: number) {
  results.forEach((result, i) => {
    for (let other = 0; other < senders; other += 1) {
      if (other !== i) expect(result.text).not.toContain(`sender ${other}`);
      if (other !== i) expect(result.text).not.toContain(`Sender ${other}"`);
    }
    if (result.status === 201) {
      const { booking } = JSON.parse(result.text) as Confirmation;
      expect(booking).toMatchObject({ name: `Sender ${i}`, notes: `private note of sender ${i}` });
    }
  });
}

describe("one Idempotency-Key, 50 parallel bookings with different bodies", () => {
  it("built-in calendar (npm start): one booking, the others refused without seeing it", async () => {
    const { id } = await insertBusiness(sql, { business_hours: sql.json(everyDay), slot_minutes: 30, timezone: "America/New_York" });
    const key = `race-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => bookThrough((r) => sendTo(service, r), senderBody(id, i), key)));
    const rows = await sql`select customer_name from bookings where business_id = ${id}`;
    expect(rows).toHaveLength(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(49);
    for (const refused of results.filter((r) => r.status === 422)) expect(refused.text).toContain("Idempotency-Key: this key was already used for a different booking request");
    expectOwnAnswers(results, 50);
  });

  it("built-in calendar (npm start): the same body 50 times is one booking, answered 50 times", async () => {
    const { id } = await insertBusiness(sql, { business_hours: sql.json(everyDay), slot_minutes: 30, timezone: "America/New_York" });
    const key = `same-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => bookThrough((r) => sendTo(service, r), senderBody(id, 7), key)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => (JSON.parse(r.text) as Confirmation).booking?.id)).size).toBe(1);
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(1);
  });

  it("Cal.com calendar: one booking recorded and left in Cal.com, the others refused and undone", async () => {
    const { id } = await insertBusiness(sql, { timezone: "America/New_York" });
    await connectToCalcomFake(calcom, id);
    const key = `calcom-race-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => bookThrough((r) => book(r), { ...senderBody(id, i, `${slot(i)}:00-04:00`), email: `sender${i}@example.com` }, key)));
    expect(await sql`select 1 from bookings where business_id = ${id}`).toHaveLength(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expectOwnAnswers(results, 50);
    // Whatever Cal.com made for a refused request was cancelled again.
    expect([...calcom.state.bookings.values()].filter((b) => b.status !== "cancelled")).toHaveLength(1);
  });
});

describe("a Cal.com booking whose record times out", () => {
  it("is not undone in Cal.com when the record may yet commit: row and appointment agree once it does", async () => {
    const { id } = await insertBusiness(sql, { timezone: "America/New_York" });
    await connectToCalcomFake(calcom, id);
    const key = `late-${randomUUID()}`;
    let held!: () => void;
    const release = new Promise<void>((resolve) => (held = resolve));
    let inserted!: () => void;
    const holding = new Promise<void>((resolve) => (inserted = resolve));
    // Another writer holds the key, uncommitted, past the database deadline (4 s), then gives it up:
    // our record waits on it, times out for the caller, and commits after.
    const blocker = sql
      .begin(async (tx) => {
        await tx`insert into bookings (business_id, customer_name, duration_minutes, scheduled_at, idempotency_key, status, calcom_booking_uid)
                 values (${id}, 'Holder', 30, '2030-07-20T14:00:00Z', ${key}, 'confirmed', 'held-uid')`;
        inserted();
        await release;
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await holding;
    const body = { ...senderBody(id, 1, `${slot(1)}:00-04:00`), email: "late@example.com" };
    const answered = bookThrough((r) => book(r), body, key);
    const first = await answered;
    held();
    await blocker;
    expect(first.status).toBe(503);

    const made = [...calcom.state.bookings.values()];
    expect(made).toHaveLength(1);
    expect(made[0]?.status).not.toBe("cancelled");
    // Once the record commits, the row is the appointment Cal.com still holds, and a retry replays it.
    let rows: { calcom_booking_uid: string; status: string }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i += 1) {
      rows = await sql<{ calcom_booking_uid: string; status: string }[]>`select calcom_booking_uid, status from bookings where business_id = ${id}`;
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows).toEqual([{ calcom_booking_uid: made[0]?.uid, status: "confirmed" }]);
    const retry = await bookThrough((r) => book(r), body, key);
    expect(retry.status).toBe(201);
    expect(calcom.requestsTo("POST /v2/bookings")).toHaveLength(1);
    expect(calcom.requestsTo("POST /v2/bookings/{bookingUid}/cancel")).toHaveLength(0);
  });
});

/** A call on the business's line, started by assistant-request, from its own caller number. */
async function startCall(phoneNumberId: string, number: string, caller: string) {
  const line = { callId: randomUUID(), phoneNumberId, number };
  expect((await sendTo(service, vapiRequest(assistantRequest(line)))).status).toBe(200);
  return { ...line, caller };
}

function toolMessage(call: { callId: string; phoneNumberId: string; number: string; caller: string }, calls: Parameters<typeof toolCalls>[0]["calls"]) {
  const message = toolCalls({ ...call, calls });
  message.message.call.customer.number = call.caller;
  message.message.customer.number = call.caller;
  return message;
}

async function say(call: Parameters<typeof toolMessage>[0], calls: Parameters<typeof toolCalls>[0]["calls"]) {
  const response = await sendTo(service, vapiRequest(toolMessage(call, calls)));
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { result?: string }[] }).results.map((r) => r.result ?? "");
}

async function businessLine() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId, business_hours: sql.json(everyDay), slot_minutes: 30, timezone: "America/New_York" });
  return { businessId: business.id, phoneNumberId, number: business.phone_number };
}

describe("30 calls whose tool calls share one id", () => {
  it("each caller books their own time and hears their own name", async () => {
    const { businessId, phoneNumberId, number } = await businessLine();
    const calls = await Promise.all(Array.from({ length: 30 }, (_, i) => startCall(phoneNumberId, number, `+1555020${String(i).padStart(4, "0")}`)));
    const heard = await Promise.all(calls.map((call, i) => say(call, [{ id: "call_shared_tool_id", name: "createBooking", args: { name: `Caller ${i}`, dateTime: slot(i) } }])));
    heard.forEach(([words], i) => expect(words).toMatch(new RegExp(`^You're booked for .*, Caller ${i}\\. `)));
    const rows = await sql<{ customer_name: string }[]>`select customer_name from bookings where business_id = ${businessId}`;
    expect(rows.map((r) => r.customer_name).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `Caller ${i}`).sort());
  });

  it("racing for one time: one booking, and only its caller hears it booked", async () => {
    const { businessId, phoneNumberId, number } = await businessLine();
    const calls = await Promise.all(Array.from({ length: 30 }, (_, i) => startCall(phoneNumberId, number, `+1555030${String(i).padStart(4, "0")}`)));
    const heard = await Promise.all(calls.map((call, i) => say(call, [{ id: "call_shared_tool_id", name: "createBooking", args: { name: `Caller ${i}`, dateTime: slot(3) } }])));
    const rows = await sql<{ customer_name: string }[]>`select customer_name from bookings where business_id = ${businessId}`;
    expect(rows).toHaveLength(1);
    const winner = Number(rows[0]?.customer_name.replace("Caller ", ""));
    heard.forEach(([words], i) => {
      if (i === winner) expect(words).toContain(`, Caller ${i}.`);
      else expect(words).toMatch(/^That time isn't available/);
    });
  });

  it("a cancel in one call is not the answer another call hears for the same tool call id", async () => {
    const { phoneNumberId, number } = await businessLine();
    const [first, second] = await Promise.all([startCall(phoneNumberId, number, "+15550400001"), startCall(phoneNumberId, number, "+15550400002")]);
    if (!first || !second) throw new Error("calls not started");
    await say(first, [{ id: "book", name: "createBooking", args: { name: "First caller", dateTime: slot(1) } }]);
    const [cancelled] = await say(first, [{ id: "shared_cancel", name: "cancelBooking", args: {} }]);
    expect(cancelled).toMatch(/^Your appointment on .* is cancelled\.$/);
    const [other] = await say(second, [{ id: "shared_cancel", name: "cancelBooking", args: {} }]);
    expect(other).toBe("I don't see any upcoming appointment booked from this number.");
  });

  it("a tool call delivered twice in the same call still books once and answers the same", async () => {
    const { businessId, phoneNumberId, number } = await businessLine();
    const call = await startCall(phoneNumberId, number, "+15550500001");
    const request = [{ id: "again", name: "createBooking", args: { name: "Twice", dateTime: slot(2) } }];
    const [first, second] = [await say(call, request), await say(call, request)];
    expect(second).toEqual(first);
    expect(await sql`select 1 from bookings where business_id = ${businessId}`).toHaveLength(1);
  });
});
