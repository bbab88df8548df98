import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { UpdateBusinessBodySchema } from "../lib/businesses/business-requests.js";
import { DbError } from "../lib/db/db-errors.js";
import { getDatabase } from "../lib/db/get-database.js";
import { applyMigrations } from "../lib/db/migrations/apply-migrations.js";
import { readMigrationFiles } from "../lib/db/migrations/read-migration-files.js";
import { describeZodError, errorResponse } from "../lib/http/error-response.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { createScratchDatabase } from "./support/scratch-database.js";
import { insertBusiness, testSql } from "./support/test-db.js";

const sql = testSql();
afterAll(() => sql.end());
const defer = deferredCleanup();

const span = (open: string, close: string) => ({ open, close });

describe("opening hours sent by an operator", () => {
  const refusal = (businessHours: unknown) => {
    const parsed = UpdateBusinessBodySchema.safeParse({ businessHours });
    return parsed.success ? undefined : describeZodError(parsed.error);
  };

  it("refuse an interval overlapping an earlier one of its day, naming both", () => {
    expect(refusal({ mon: [span("09:00", "12:00"), span("10:00", "13:00")] })).toBe("businessHours.mon.1: overlaps 09:00-12:00");
    expect(refusal({ fri: [span("13:00", "17:00"), span("09:00", "13:30")] })).toBe("businessHours.fri.1: overlaps 13:00-17:00");
    expect(refusal({ sat: [span("10:00", "24:00"), span("11:00", "12:00")] })).toBe("businessHours.sat.1: overlaps 10:00-24:00");
    expect(refusal({ sun: [span("08:00", "09:00"), span("08:00", "09:00")] })).toBe("businessHours.sun.1: overlaps 08:00-09:00");
  });

  it("accept intervals that only touch, and the same times on different days", () => {
    expect(refusal({ mon: [span("09:00", "12:00"), span("12:00", "13:00")], tue: [span("09:00", "12:00")], wed: [span("13:00", "17:00"), span("09:00", "13:00")] })).toBeUndefined();
  });
});

describe("businesses_business_hours_no_overlap", () => {
  const update = (id: string, hours: unknown) => sql`update public.businesses set business_hours = ${sql.json(hours as postgres.JSONValue)} where id = ${id}`.then(() => "updated", (error: { code?: string; constraint_name?: string }) => `${error.code} ${error.constraint_name}`);

  it("refuses overlapping intervals of a day, and leaves malformed hours to the shape check", async () => {
    const { id } = await insertBusiness(sql);
    expect(await update(id, { mon: [span("09:00", "12:00"), span("10:00", "13:00")] })).toBe("23514 businesses_business_hours_no_overlap");
    expect(await update(id, { tue: [span("09:00", "17:00"), span("08:00", "09:30"), span("18:00", "19:00")] })).toBe("23514 businesses_business_hours_no_overlap");
    expect(await update(id, { mon: [span("09:00", "12:00"), "10:00-13:00"] })).toBe("23514 businesses_business_hours_check");
    expect(await update(id, { mon: { open: "09:00", close: "17:00" } })).toBe("23514 businesses_business_hours_check");
  });

  it("accepts touching intervals, split days and the same times on two days", async () => {
    const { id } = await insertBusiness(sql);
    expect(await update(id, { mon: [span("12:00", "13:00"), span("09:00", "12:00")], tue: [span("09:00", "12:00")], wed: [span("22:00", "24:00")] })).toBe("updated");
  });

  it("is a 400 naming businessHours when a write gets past the API's own check", async () => {
    const { id } = await insertBusiness(sql);
    const db = await getDatabase();
    const refused = await db.updateBusiness(id, { businessHours: { mon: [span("09:00", "12:00"), span("11:00", "13:00")] } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DbError);
    const response = errorResponse(refused, "request-1");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "bad_request", message: "businessHours: two opening intervals of one day overlap; merge them or let one end where the next begins" },
    });
  });
});

describe("the migration adding the overlap check", () => {
  it("merges the overlapping intervals of rows written before it, and leaves every other day and row alone", async () => {
    const scratch = await createScratchDatabase();
    defer(() => scratch.drop());
    const db = postgres(scratch.appUrl, { max: 1, onnotice: () => undefined });
    defer(() => db.end());
    const files = await readMigrationFiles();
    const at = files.findIndex((file) => file.name === "refuse_overlapping_business_hours");
    expect(at).toBeGreaterThan(0);
    await applyMigrations(db, files.slice(0, at));

    const before = {
      mon: [span("10:00", "13:00"), span("09:00", "12:00"), span("12:30", "14:00"), span("15:00", "16:00"), span("16:00", "17:00")],
      tue: [span("13:00", "17:00"), span("09:00", "12:00")],
      wed: [span("09:00", "17:00"), span("10:00", "11:00"), span("22:00", "24:00"), span("23:00", "24:00")],
      sun: [],
    };
    const clean = { mon: [span("09:00", "12:00"), span("12:00", "13:00")] };
    const [overlapping] = await db<{ id: string }[]>`insert into public.businesses (name, phone_number, business_hours) values ('Before the check', '+15550001111', ${db.json(before)}) returning id`;
    const [untouched] = await db<{ id: string; updated_at: Date }[]>`insert into public.businesses (name, phone_number, business_hours) values ('Already fine', '+15550002222', ${db.json(clean)}) returning id, updated_at`;

    await applyMigrations(db, files);
    const rows = await db<{ id: string; business_hours: unknown; updated_at: Date }[]>`select id, business_hours, updated_at from public.businesses`;
    const hoursOf = (id: string | undefined) => rows.find((row) => row.id === id);
    expect(hoursOf(overlapping?.id)?.business_hours).toEqual({
      mon: [span("09:00", "14:00"), span("15:00", "16:00"), span("16:00", "17:00")],
      tue: [span("13:00", "17:00"), span("09:00", "12:00")],
      wed: [span("09:00", "17:00"), span("22:00", "24:00")],
      sun: [],
    });
    expect(hoursOf(untouched?.id)).toEqual({ id: untouched?.id, business_hours: clean, updated_at: untouched?.updated_at });
  });
});
