// The direct transport sends arguments as quoted literals (one network round trip per call instead
// of two): whatever a caller or operator types must arrive exactly as typed, and never as SQL.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "../lib/db/database.js";
import { DbError } from "../lib/db/db-errors.js";
import { call, createDirectTransport } from "../lib/db/direct-transport.js";
import postgres from "postgres";
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

describe("direct transport under a hostile session encoding", () => {
  it("writes statements in pure ASCII, so a GBK lead byte cannot swallow a quote's escape", async () => {
    const victim = await db.createBusiness({ name: "Victim", phoneNumber: uniquePhoneNumber(), timezone: "UTC" });
    const payload = `\u0081\\')) as value; update public.businesses set name = 'pwned' where id = '${victim.id}'; --`;
    const text = `select to_jsonb(${call("app_health", [])}) as a, ${call("app_health", [])} is not null as b, E'x' as c`;
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    const statement = `select ${call("noop", [{ name: "p", type: "text", value: payload }]).replace(/^public\.noop\(p => (.*)::text\)$/, "$1")} as value`;
    expect(statement).toMatch(/^[\x20-\x7e]*$/);
    // The session an attacker would want: GBK, where 0x81 starts a two-byte character, and
    // backslash_quote on. The statement must still read as one string.
    const gbk = postgres(inject("databaseUrl"), { max: 1, connection: { client_encoding: "GBK", backslash_quote: "on" }, onnotice: () => undefined });
    try {
      // U+0081 has no GBK form, so the answer itself may be refused; what matters is what ran.
      await gbk.unsafe(statement).catch((error: unknown) => expect(String(error)).toContain("has no equivalent in encoding"));
    } finally {
      await gbk.end();
    }
    const [after] = await sql`select name from businesses where id = ${victim.id}`;
    expect(after?.name).toBe("Victim");
  });

  it("refuses a connection string that sets another client_encoding", () => {
    const url = new URL(inject("databaseUrl"));
    url.searchParams.set("client_encoding", "SJIS");
    expect(() => createDirectTransport(url.toString())).toThrow("client_encoding=SJIS");
  });

  it("stores a lone surrogate in jsonb as U+FFFD instead of refusing the write", async () => {
    const created = await db.createBusiness({ name: "Hours", phoneNumber: uniquePhoneNumber(), timezone: "UTC", greeting: "hi \ud83d there" });
    expect(created.greeting).toBe("hi \ufffd there");
    const line = { vapiCallId: `call-${created.id}`, vapiPhoneNumberId: null, phoneNumber: created.phoneNumber, customerNumber: null, direction: "inbound" as const };
    const report = await db.recordCallReport({
      ...line, endedReason: "customer-ended-call", startedAt: null, endedAt: null, summary: "s \udc00", fullTranscript: null, recordingUrl: null, intent: null, sentiment: null,
      lines: [{ role: "user", text: "lonely \ud83d", spokenAt: new Date("2030-01-01T00:00:00Z") }, { role: "assistant", text: "text \\ud83d stays", spokenAt: new Date("2030-01-01T00:00:01Z") }],
    });
    expect(report.outcome).toBe("stored");
    const lines = await sql`select text from call_transcripts t join calls c on c.id = t.call_id where c.vapi_call_id = ${line.vapiCallId} order by sequence`;
    expect(lines.map((l) => l.text)).toEqual(["lonely \ufffd", "text \\ud83d stays"]);
  });
});
