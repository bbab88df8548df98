// The direct transport sends arguments as quoted literals (one network round trip per call instead
// of two): whatever a caller or operator types must arrive exactly as typed, and never as SQL.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "../lib/db/database.js";
import { DbError } from "../lib/db/db-errors.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { testSql, uniquePhoneNumber } from "./support/test-db.js";

const sql = testSql();
const db = createDatabase(createDirectTransport(inject("databaseUrl")));
afterAll(async () => {
  await db.close();
  await sql.end();
});

const AWKWARD = [
  "O'Brien's",
  "back\\slash \\' and \\\\ doubled",
  "'); drop table public.businesses; --",
  "E'\\x41' $$ $tag$ dollar quotes $tag$",
  "new\nline\ttab\rreturn",
  "emoji 🦷🗓️ and RTL עברית العربية",
  "x".repeat(200),
];

describe("direct transport arguments", () => {
  it.each(AWKWARD)("stores and reads back %j exactly", async (name) => {
    const greeting = `Hello from ${name}`.slice(0, 1000);
    const created = await db.createBusiness({ name, phoneNumber: uniquePhoneNumber(), timezone: "Europe/Berlin", greeting, vapiPhoneNumberId: `pn-${name}`.slice(0, 200) });
    expect(created).toMatchObject({ name, greeting });
    expect(await db.getBusiness(created.id)).toMatchObject({ name, greeting });
    const [row] = await sql`select name, greeting from businesses where id = ${created.id}`;
    expect(row).toEqual({ name, greeting });
    expect(await db.findBusinessByNumber({ vapiPhoneNumberId: `pn-${name}`.slice(0, 200) })).toMatchObject({ id: created.id });
  });

  it("passes jsonb (business hours) with quotes inside intact", async () => {
    const created = await db.createBusiness({ name: "Hours", phoneNumber: uniquePhoneNumber(), timezone: "UTC", businessHours: { mon: [{ open: "09:00", close: "17:00" }] } });
    expect(created.businessHours).toEqual({ mon: [{ open: "09:00", close: "17:00" }] });
  });

  it("refuses a NUL character as invalid input and stores nothing", async () => {
    const phoneNumber = uniquePhoneNumber();
    const attempt = db.createBusiness({ name: "nul\u0000byte", phoneNumber, timezone: "UTC" });
    await expect(attempt).rejects.toBeInstanceOf(DbError);
    await expect(attempt).rejects.toMatchObject({ kind: "invalid_input" });
    expect(await sql`select 1 from businesses where phone_number = ${phoneNumber}`).toHaveLength(0);
  });
});
