import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { POST } from "../api/calcom/book.js";
import { getDatabase } from "../lib/db/get-database.js";
import { operatorRequest } from "./support/operator-request.js";
import { insertBusiness, testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());

const hours = { mon: [{ open: "09:00", close: "12:00" }] };

async function business(timezone = "America/New_York"): Promise<string> {
  const { id } = await insertBusiness(sql, { timezone, business_hours: sql.json(hours), slot_minutes: 30 });
  return id;
}

interface SlotJson { start: string; end: string; label: string }
interface BookResponse {
  booking: SlotJson & { name: string; phone: string | null; status: string };
  error: { code: string; message: string; reason: string; alternatives: SlotJson[] };
}

async function book(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await POST(operatorRequest("/api/calcom/book", { body, headers }));
  return { status: response.status, headers: response.headers, body: (await response.json()) as BookResponse };
}

const bookingsOf = async (businessId: string) =>
  sql<{ scheduled_at: Date; customer_name: string; customer_phone: string | null; customer_email: string | null; idempotency_key: string | null }[]>`
    select scheduled_at, customer_name, customer_phone, customer_email, idempotency_key from bookings where business_id = ${businessId} order by scheduled_at`;

describe("POST /api/calcom/book (built-in calendar)", () => {
  it("books a free slot and stores the booking", async () => {
    const id = await business();
    const phone = uniquePhoneNumber();
    const { status, body } = await book({ businessId: id, start: "2030-07-15T09:30:00-04:00", name: "Ada Lovelace", phone, email: "ada@example.com" });
    expect(status).toBe(201);
    expect(body.booking).toMatchObject({ start: "2030-07-15T09:30:00-04:00", end: "2030-07-15T10:00:00-04:00", label: "9:30 AM", name: "Ada Lovelace", phone, status: "confirmed" });
    const rows = await bookingsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.scheduled_at.toISOString()).toBe("2030-07-15T13:30:00.000Z");
  });

  it("reads a start without offset as the business's local time", async () => {
    const id = await business("Europe/Berlin");
    const { status, body } = await book({ businessId: id, start: "2030-07-15T10:00", name: "Grete", phone: uniquePhoneNumber() });
    expect(status).toBe(201);
    expect(body.booking.start).toBe("2030-07-15T10:00:00+02:00");
  });

  it("books a caller who gave no email (phone only)", async () => {
    const id = await business();
    const { status } = await book({ businessId: id, start: "2030-07-15T11:00:00-04:00", name: "No Email", phone: uniquePhoneNumber() });
    expect(status).toBe(201);
    expect((await bookingsOf(id))[0]?.customer_email).toBeNull();
  });

  it("books once when the same Idempotency-Key is delivered twice, answering the same both times", async () => {
    const id = await business();
    const request = { businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Twice", phone: uniquePhoneNumber() };
    const first = await book(request, { "idempotency-key": "retry-123" });
    const second = await book(request, { "idempotency-key": "retry-123" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("answers 409 with the nearest free alternatives when the slot is taken", async () => {
    const id = await business();
    await book({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "First", phone: uniquePhoneNumber() });
    const { status, body } = await book({ businessId: id, start: "2030-07-15T10:00:00-04:00", name: "Second", phone: uniquePhoneNumber() });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: "conflict", reason: "taken" });
    expect(body.error.alternatives.map((a) => a.label)).toEqual(["9 AM", "9:30 AM", "10:30 AM"]); // 30 and 60 minutes away; ties go to the earlier time
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("lets exactly one of two concurrent requests for the same slot win", async () => {
    const id = await business();
    const attempt = (name: string) => book({ businessId: id, start: "2030-07-15T09:00:00-04:00", name, phone: uniquePhoneNumber() });
    const results = await Promise.all([attempt("Racer A"), attempt("Racer B"), attempt("Racer C")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body.error.alternatives.length).toBeGreaterThan(0);
      expect(loser.body.error.alternatives.map((a) => a.label)).not.toContain("9 AM");
    }
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("refuses a time outside opening hours, or off the slot grid, with alternatives", async () => {
    const id = await business();
    for (const start of ["2030-07-15T13:00:00-04:00", "2030-07-15T09:10:00-04:00", "2030-07-16T10:00:00-04:00"]) {
      const { status, body } = await book({ businessId: id, start, name: "Odd", phone: uniquePhoneNumber() });
      expect(status, start).toBe(409);
      expect(body.error.reason).toBe("closed");
    }
    expect(await bookingsOf(id)).toHaveLength(0);
  });

  it("refuses a time that has passed", async () => {
    const id = await business();
    const { status, body } = await book({ businessId: id, start: "2020-01-06T10:00:00-05:00", name: "Late", phone: uniquePhoneNumber() });
    expect(status).toBe(409);
    expect(body.error.reason).toBe("past");
  });

  it("refuses invalid input with 400 naming each field, and books nothing", async () => {
    const id = await business();
    const { status, body } = await book({ businessId: id, start: "next tuesday", name: "", phone: "555-1234", email: "not-an-email" });
    expect(status).toBe(400);
    for (const field of ["start:", "name:", "phone:", "email:"]) expect(body.error.message).toContain(field);
    expect(await bookingsOf(id)).toHaveLength(0);
  });

  it("answers 404 for an unknown business", async () => {
    const { status } = await book({ businessId: "0b0e4a4e-0000-4000-8000-000000000000", start: "2030-07-15T10:00:00-04:00", name: "X", phone: uniquePhoneNumber() });
    expect(status).toBe(404);
  });

  it("requires the operator key", async () => {
    const response = await POST(operatorRequest("/api/calcom/book", { body: {}, key: null }));
    expect(response.status).toBe(401);
  });
});

describe("idempotency and races in the built-in calendar", () => {
  it("books once when 20 concurrent requests carry the same key, answering all with that booking", async () => {
    const id = await business();
    const request = { businessId: id, start: "2030-07-15T09:00:00-04:00", name: "Eager", phone: uniquePhoneNumber() };
    const results = await Promise.all(Array.from({ length: 20 }, () => book(request, { "idempotency-key": "burst-1" })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("refuses a key reused for a different request (422), booking nothing more", async () => {
    const id = await business();
    const first = await book({ businessId: id, start: "2030-07-15T09:00:00-04:00", name: "Alice", phone: uniquePhoneNumber() }, { "idempotency-key": "reused" });
    expect(first.status).toBe(201);
    const other = await book({ businessId: id, start: "2030-07-15T11:00:00-04:00", name: "Bob", phone: uniquePhoneNumber() }, { "idempotency-key": "reused" });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toContain("Idempotency-Key");
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("lets the database itself refuse overlapping bookings, whatever the application checked", async () => {
    const id = await business();
    const db = await getDatabase();
    const attempt = (minutes: number) =>
      db.bookBuiltinSlot({ businessId: id, start: new Date(Date.UTC(2030, 6, 15, 13, minutes)), durationMinutes: 30, name: `At +${minutes}` });
    const results = await Promise.allSettled([attempt(0), attempt(10), attempt(20), attempt(25)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const failed of results.filter((r) => r.status === "rejected")) expect(failed.reason).toMatchObject({ kind: "conflict" });
    expect(await bookingsOf(id)).toHaveLength(1);
  });

  it("makes racing bookings of overlapping slots queue in the database: every loser is refused by the exclusion constraint, none by a deadlock", { timeout: 120_000 }, async () => {
    // Straight to the SQL function, past the port's retry of aborted statements: without the
    // per-business lock, six overlapping inserts deadlocked on the exclusion constraint about once
    // in 125 rounds (SQLSTATE 40P01, after PostgreSQL's 1 s deadlock_timeout).
    const racers = postgres(inject("databaseUrl"), { prepare: false, max: 6, onnotice: () => undefined });
    const outcomes: Record<string, number> = {};
    try {
      for (let round = 0; round < 150; round += 1) {
        const id = await business();
        const attempt = (minutes: number) =>
          racers`select public.book_builtin_slot(p_business_id => ${id}::uuid, p_start => ${new Date(Date.UTC(2030, 6, 15, 13, minutes)).toISOString()}::timestamptz, p_duration_minutes => 30, p_customer_name => ${`At +${minutes}`})`;
        for (const r of await Promise.allSettled([0, 5, 10, 15, 20, 25].map(attempt))) {
          const key = r.status === "fulfilled" ? "booked" : String((r.reason as { code?: string }).code);
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
      }
    } finally {
      await racers.end();
    }
    expect(outcomes).toEqual({ booked: 150, "23P01": 750 });
  });
});
