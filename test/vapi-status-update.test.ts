import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabase } from "../lib/db/get-database.js";
import { handleStatusUpdate } from "../lib/vapi/handle-status-update.js";
import { statusUpdate } from "./fixtures/vapi/status-update.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

async function line() {
  const phoneNumberId = `pn-${randomUUID()}`;
  const business = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId });
  return { businessId: business.id, number: business.phone_number, phoneNumberId };
}

const deliver = async (payload: { message: unknown }) => handleStatusUpdate(await getDatabase(), payload.message, new Date());
const callRow = async (vapiCallId: string) =>
  (await sql<{ business_id: string; status: string; started_at: Date | null; ended_at: Date | null; ended_reason: string | null; customer_number: string | null }[]>`
    select business_id, status, started_at, ended_at, ended_reason, customer_number from calls where vapi_call_id = ${vapiCallId}`)[0];

describe("status-update", () => {
  it("creates the call on the first message and follows it to the end", async () => {
    const { businessId, number, phoneNumberId } = await line();
    const callId = randomUUID();
    const t0 = Date.parse("2026-11-26T15:00:00Z");
    for (const [status, offset] of [["queued", 0], ["ringing", 1], ["in-progress", 3]] as const) {
      await deliver(statusUpdate({ callId, phoneNumberId, number, status, timestamp: t0 + offset * 1000 }));
    }
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "customer-ended-call", timestamp: t0 + 95_000 }));
    const row = await callRow(callId);
    expect(row).toMatchObject({ business_id: businessId, status: "ended", ended_reason: "customer-ended-call", customer_number: "+15559871234" });
    expect(row?.started_at?.toISOString()).toBe("2026-11-26T15:00:03.000Z");
    expect(row?.ended_at?.toISOString()).toBe("2026-11-26T15:01:35.000Z");
  });

  it("never moves a call back: late and repeated messages change nothing", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "in-progress" }));
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ringing" }));
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "queued" }));
    expect((await callRow(callId))?.status).toBe("in-progress");
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "assistant-ended-call" }));
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "customer-ended-call" }));
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "in-progress" }));
    expect(await callRow(callId)).toMatchObject({ status: "ended", ended_reason: "assistant-ended-call" });
    expect(await sql`select 1 from calls where vapi_call_id = ${callId}`).toHaveLength(1);
  });

  it("finds the business by the called number when VAPI's phone number id is unknown to us", async () => {
    const { businessId, number } = await line();
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId: "pn-not-ours", number, status: "ringing" }));
    expect((await callRow(callId))?.business_id).toBe(businessId);
  });

  it("ignores a call to a number no business has, storing nothing", async () => {
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId: `pn-${randomUUID()}`, number: uniquePhoneNumber(), status: "ringing" }));
    expect(await callRow(callId)).toBeUndefined();
  });

  it("will not let a call id of business A be advanced through business B's line", async () => {
    const a = await line();
    const b = await line();
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId: a.phoneNumberId, number: a.number, status: "ringing" }));
    await deliver(statusUpdate({ callId, phoneNumberId: b.phoneNumberId, number: b.number, status: "ended", endedReason: "hijack" }));
    expect(await callRow(callId)).toMatchObject({ business_id: a.businessId, status: "ringing", ended_reason: null });
  });

  it("stores a withheld or malformed caller ID as unknown", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId, number, caller: "anonymous", status: "ringing" }));
    expect((await callRow(callId))?.customer_number).toBeNull();
  });

  it("the handler refuses a status-update without the call it is about (the webhook acknowledges it before)", async () => {
    await expect(deliver({ message: { type: "status-update", status: "ringing" } })).rejects.toThrow();
    await expect(deliver({ message: { type: "status-update", status: "ringing", call: { id: "" } } })).rejects.toThrow();
  });

  it("acknowledges a status calls.status does not know, storing nothing, and still takes the known ones after it", async () => {
    const { number, phoneNumberId } = await line();
    const callId = randomUUID();
    await deliver({ message: { ...statusUpdate({ callId, phoneNumberId, number, status: "ringing" }).message, status: "exploded" } });
    expect(await callRow(callId)).toBeUndefined();
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "in-progress" }));
    expect((await callRow(callId))?.status).toBe("in-progress");
  });
});

describe("status-update timing", () => {
  it("never stores an end before the start when the clocks of two messages disagree", async () => {
    const phoneNumberId = `pn-${randomUUID()}`;
    const { phone_number: number } = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId });
    const callId = randomUUID();
    const t0 = Date.parse("2026-11-26T15:00:00Z");
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "in-progress", timestamp: t0 }));
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "customer-ended-call", timestamp: t0 - 500 }));
    const row = await callRow(callId);
    expect(row?.ended_at?.toISOString()).toBe(row?.started_at?.toISOString());
  });

  it("leaves the start unknown when the end is the first thing it hears", async () => {
    const phoneNumberId = `pn-${randomUUID()}`;
    const { phone_number: number } = await insertBusiness(sql, { vapi_phone_number_id: phoneNumberId });
    const callId = randomUUID();
    await deliver(statusUpdate({ callId, phoneNumberId, number, status: "ended", endedReason: "customer-busy" }));
    expect((await callRow(callId))?.started_at).toBeNull();
  });
});
