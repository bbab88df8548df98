import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { http, passthrough } from "msw";
import postgres from "postgres";
import { beforeEach, describe, expect, it } from "vitest";
import { BookingViewSchema } from "../lib/bookings/booking-view.js";
import { BusinessViewSchema } from "../lib/businesses/business-view.js";
import { CallDetailsViewSchema, CallViewSchema } from "../lib/calls/call-view.js";
import { getDatabase } from "../lib/db/get-database.js";
import { applyMigrations } from "../lib/db/migrations/apply-migrations.js";
import { useLocalDatabase } from "../lib/env.js";
import { pageSchemaOf } from "../lib/http/page.js";
import { COMMANDS } from "../scripts/cli/commands.js";
import { runCli } from "../scripts/cli/run-cli.js";
import { createLocalServer } from "../scripts/local-server/create-local-server.js";
import { vapiCall } from "../scripts/vapi-call.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { freePort } from "./support/free-port.js";
import { server as msw } from "./support/msw-server.js";
import { ADMIN_KEY } from "./support/operator-request.js";
import { repoRoot, runCommand } from "./support/run-command.js";
import { createScratchDatabase } from "./support/scratch-database.js";
import { insertBusiness, insertCallRow, uniquePhoneNumber } from "./support/test-db.js";
import { VAPI_SECRET } from "./support/vapi-request.js";

// The CLI against a real server: the local server of `npm start` (the same route files Vercel
// runs), in this process, on a database of this file's own. `calls list` without --business and
// `businesses list --all` cover every business there is, so the shared test database (where
// other files add businesses all the time) would make their answers unknowable.
const defer = deferredCleanup();
const scratch = await createScratchDatabase();
defer(() => scratch.drop());
const sql = postgres(scratch.appUrl, { max: 2, onnotice: () => undefined });
defer(() => sql.end());
await applyMigrations(sql);
useLocalDatabase(scratch.appUrl);
defer(async () => (await getDatabase()).close());

const local = await createLocalServer({ apiDir: path.join(repoRoot, "api"), publicDir: path.join(repoRoot, "public"), logRequests: false });
await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
defer(() => new Promise((resolve) => (local.closeAllConnections(), local.close(resolve))));
const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;

// The CLI's requests go to a real socket; msw lets them through (anything else still fails).
beforeEach(() => msw.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\/.*/, () => passthrough())));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process, as `npm run cli -- ...argv` runs it, with the server's URL and key in its environment. */
async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { RECEPTIONIST_URL: url, ADMIN_API_KEY: ADMIN_KEY, ...env },
  });
  return { code, stdout, stderr };
}

/** A run that must succeed; its stdout. */
async function ok(...argv: string[]): Promise<string> {
  const run = await cli(argv);
  expect(run.stderr, `npm run cli -- ${argv.join(" ")}`).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

/** A --json run that must succeed: stdout is one JSON document and nothing else. */
async function okJson(...argv: string[]): Promise<unknown> {
  return JSON.parse(await ok(...argv, "--json")) as unknown;
}

const everyDay = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));

async function business(name = "Test business"): Promise<{ id: string; phone: string; line: string }> {
  const line = `line-${randomUUID()}`;
  const { id, phone_number } = await insertBusiness(sql, { name, timezone: "America/New_York", business_hours: sql.json(everyDay), vapi_phone_number_id: line });
  return { id, phone: phone_number, line };
}

/**
 * A whole phone call to the business through the webhook, signed as VAPI signs: it books 10:00
 * (New York) three days from now. Returns the call's id in our database and the booked local date.
 */
async function callThatBooks(target: { phone: string; line: string }): Promise<{ callId: string; caller: string; date: string }> {
  const caller = uniquePhoneNumber();
  const call = vapiCall({ webhookUrl: `${url}/api/vapi-webhook`, secret: VAPI_SECRET, line: { phoneNumberId: target.line, number: target.phone }, caller });
  const send = async (message: Record<string, unknown>) => expect((await call.send(message)).status).toBe(200);
  await send({ type: "assistant-request" });
  const startedAt = call.now();
  await send({ type: "status-update", status: "in-progress" });
  await send({ type: "transcript", role: "assistant", transcriptType: "final", transcript: "Hello, how can I help?" });
  await send({ type: "transcript", role: "user", transcriptType: "final", transcript: "I'd like a cleaning, please." });
  const date = DateTime.now().setZone("America/New_York").plus({ days: 3 }).toISODate() ?? "";
  const booked = await call.tool("createBooking", { name: "Ada Lovelace", dateTime: `${date}T10:00` });
  expect(booked.spoken).toMatch(/^You're booked for/);
  await send({ type: "transcript", role: "assistant", transcriptType: "final", transcript: booked.spoken });
  await send({ type: "status-update", status: "ended", endedReason: "customer-ended-call" });
  await send({ type: "end-of-call-report", endedReason: "customer-ended-call", startedAt, endedAt: call.now(), analysis: { summary: "Booked a cleaning." }, artifact: { messages: [] } });
  const [row] = await sql<{ id: string }[]>`select id from calls where vapi_call_id = ${call.callId}`;
  if (!row) throw new Error("the webhook stored no call");
  return { callId: row.id, caller, date };
}

/** A table's data lines (after the header) that contain `text`. */
function rowsWith(table: string, text: string): string[] {
  return table.split("\n").slice(1).filter((line) => line.includes(text));
}

describe("npm run cli -- businesses …", () => {
  it("create prints the new business; the same phone number again exits 5 with the server's message and request id", async () => {
    const phone = uniquePhoneNumber();
    const created = await ok("businesses", "create", "--name", "Oak Street Salon", "--phone", phone, "--timezone", "America/Chicago", "--hours", "mon-fri 09:00-12:00 13:00-17:00, sat 10:00-14:00", "--slot-minutes", "45", "--greeting", "Oak Street, hello!");
    expect(created).toMatch(/^ID: +[0-9a-f-]{36}$/m);
    expect(created).toMatch(/^Name: +Oak Street Salon$/m);
    expect(created).toMatch(/^Hours: +mon-fri 09:00-12:00 13:00-17:00, sat 10:00-14:00$/m);
    expect(created).toMatch(/^Slot length: +45 min$/m);
    const id = /^ID: +(\S+)$/m.exec(created)?.[1] ?? "";
    const [row] = await sql<{ phone_number: string; business_hours: unknown; greeting: string }[]>`select phone_number, business_hours, greeting from businesses where id = ${id}`;
    expect(row).toEqual({
      phone_number: phone,
      greeting: "Oak Street, hello!",
      business_hours: { ...Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }]])), sat: [{ open: "10:00", close: "14:00" }] },
    });

    const duplicate = await cli(["businesses", "create", "--name", "Copycat", "--phone", phone, "--timezone", "UTC"]);
    expect(duplicate.code).toBe(5);
    expect(duplicate.stdout).toBe("");
    expect(duplicate.stderr).toMatch(/^Error: phoneNumber: another business already has this phone number \(409 conflict, request id [\w-]+\)\n$/);

    const refused = await cli(["businesses", "create", "--name", "Bad zone", "--phone", uniquePhoneNumber(), "--timezone", "Mars/Olympus"]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain("timezone: must be an IANA time zone");
  });

  it("create --json prints the API's answer alone, hours given as JSON", async () => {
    const hours = { tue: [{ open: "08:00", close: "12:00" }] };
    const answer = BusinessViewSchema.parse(await okJson("businesses", "create", "--name", "JSON Plumbing", "--phone", uniquePhoneNumber(), "--timezone", "Europe/Berlin", "--hours", JSON.stringify(hours)));
    expect(answer).toMatchObject({ name: "JSON Plumbing", timezone: "Europe/Berlin", businessHours: hours, active: true, slotMinutes: 30 });
  });

  it("list shows a table of the newest; --limit pages with a hint on stderr, --cursor continues, --all follows every page", async () => {
    for (let i = 0; i < 4; i++) await business(`Paging ${i}`);
    const everyId = (await sql<{ id: string }[]>`select id from businesses order by created_at desc, id desc`).map((r) => r.id);
    expect(everyId.length).toBeGreaterThanOrEqual(4);

    const firstPage = await cli(["businesses", "list", "--limit", "2"]);
    expect(firstPage.code).toBe(0);
    const lines = firstPage.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +NAME +PHONE +TIME ZONE +CALENDAR +ACTIVE +CREATED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(everyId.slice(0, 2));
    expect(lines[1]).toMatch(/^[0-9a-f-]{36} {2}Paging 3 +\+\d+ +America\/New_York +built-in +yes +\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T$/);
    const cursor = /--cursor (\S+) \(or --all for every page\)/.exec(firstPage.stderr)?.[1];
    expect(cursor).toBeDefined();

    const secondPage = (await cli(["businesses", "list", "--limit", "2", "--cursor", cursor ?? ""])).stdout;
    expect(secondPage.trimEnd().split("\n").slice(1).map((l) => l.split(/\s+/)[0])).toEqual(everyId.slice(2, 4));

    const all = pageSchemaOf(BusinessViewSchema).parse(await okJson("businesses", "list", "--limit", "2", "--all"));
    expect(all.items.map((b) => b.id)).toEqual(everyId);
    expect(all.nextCursor).toBeNull();
    const allTable = await ok("businesses", "list", "--limit", "2", "--all");
    expect(allTable.trimEnd().split("\n")).toHaveLength(everyId.length + 1);
  });

  it("show prints every setting; update changes only the flags given and clears with an empty value", async () => {
    const { id } = await business("Update me");
    const shown = await ok("businesses", "show", id);
    expect(shown).toMatch(/^Active: +yes$/m);
    expect(shown).toMatch(/^Hours: +mon-sun 09:00-17:00$/m);
    expect(shown).toMatch(/^Time zone: +America\/New_York$/m);
    expect(BusinessViewSchema.parse(await okJson("businesses", "show", id))).toMatchObject({ id, name: "Update me" });

    await sql`update businesses set greeting = 'Old greeting' where id = ${id}`;
    const updated = await ok("businesses", "update", id, "--active", "false", "--greeting", "", "--hours", "sat-sun 10:00-14:00");
    expect(updated).toMatch(/^Active: +no$/m);
    expect(updated).toMatch(/^Greeting: +-$/m);
    expect(updated).toMatch(/^Hours: +sat-sun 10:00-14:00$/m);
    const [row] = await sql<{ active: boolean; greeting: string | null; name: string }[]>`select active, greeting, name from businesses where id = ${id}`;
    expect(row).toEqual({ active: false, greeting: null, name: "Update me" });

    expect(BusinessViewSchema.parse(await okJson("businesses", "update", id, "--active", "true"))).toMatchObject({ id, active: true, greeting: null });
    // Day ranges wrap past Sunday; full day names and single-digit hours are read too.
    expect(await ok("businesses", "update", id, "--hours", "Friday-Monday 9:00-13:00; wed 14:00-18:00")).toMatch(/^Hours: +mon 09:00-13:00, wed 14:00-18:00, fri-sun 09:00-13:00$/m);
  });
});

describe("npm run cli -- connect-link", () => {
  it("prints a signed link to the connect page and when it expires", async () => {
    const { id } = await business();
    const shown = await ok("connect-link", id);
    // The link points where PUBLIC_BASE_URL (or, here, the OAuth redirect URI's origin) says.
    expect(shown).toMatch(/^Link: +https:\/\/receptionist\.example\/api\/calcom\/connect\?link=[\w.%-]+$/m);
    expect(shown).toMatch(/^Expires: +\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m);
    const answer = (await okJson("connect-link", id)) as { url: string; expiresAt: string };
    expect(answer.url).toMatch(/^https:\/\/receptionist\.example\/api\/calcom\/connect\?link=/);
    expect(Date.parse(answer.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
  });
});

describe("npm run cli -- calls … and bookings list", () => {
  it("calls list without --business shows every business's calls newest first, with the booking a webhook call made", async () => {
    const salon = await business("Webhook Salon");
    const other = await business("Quiet Dentist");
    const older = await insertCallRow(sql, other.id, DateTime.now().minus({ hours: 1 }).toISO(), { customer_number: "+15550001111", summary: "Asked about prices" });
    const { callId, caller, date } = await callThatBooks(salon);

    const table = await ok("calls", "list");
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^CALL +BUSINESS +STARTED +STATUS +CALLER +LENGTH +BOOKING +SUMMARY$/);
    const [row] = rowsWith(table, callId);
    expect(row).toMatch(new RegExp(`^${callId} {2}Webhook Salon +\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T {2}ended +\\${caller} +\\d+s {2}${date} 10:00 E[SD]T confirmed {2}Booked a cleaning\\.$`));
    expect(lines[1]).toBe(row);
    const [olderRow] = rowsWith(table, older);
    expect(olderRow).toMatch(/Quiet Dentist .* ended +\+15550001111 +- +- +Asked about prices$/);
    expect(lines.indexOf(olderRow ?? "")).toBeGreaterThan(1);

    expect((await ok("calls", "list", "--limit", "1")).trimEnd().split("\n").slice(1)).toEqual([row]);

    const json = (await okJson("calls", "list")) as { items: unknown[] };
    const calls = json.items.map((item) => CallViewSchema.parse(item));
    expect(calls[0]).toMatchObject({ id: callId, businessId: salon.id, status: "ended", customerNumber: caller, summary: "Booked a cleaning." });
    expect(calls[0]?.bookings).toEqual([expect.objectContaining({ customerName: "Ada Lovelace", status: "confirmed", callId, calendar: "builtin" })]);
    expect(calls.map((c) => c.id)).toContain(older);
  });

  it("calls list --business shows that business's calls, without the business column; --json is the API's page", async () => {
    const salon = await business("Only Me");
    const { callId, date } = await callThatBooks(salon);
    await callThatBooks(await business("Not Me"));

    const table = await ok("calls", "list", "--business", salon.id);
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^CALL +STARTED +STATUS +CALLER +LENGTH +BOOKING +SUMMARY$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${callId} .* ${date} 10:00 E[SD]T confirmed {2}Booked a cleaning\\.$`));

    const page = pageSchemaOf(CallViewSchema).parse(await okJson("calls", "list", "--business", salon.id));
    expect(page.items.map((c) => c.id)).toEqual([callId]);
    expect(page.nextCursor).toBeNull();
    expect(await ok("calls", "list", "--business", salon.id, "--status", "queued")).toBe("No calls for Only Me.\n");
  });

  it("calls show prints the call, its transcript lines in the order spoken, and its bookings", async () => {
    const salon = await business("Transcript Salon");
    const { callId, caller, date } = await callThatBooks(salon);
    const shown = await ok("calls", "show", callId);
    expect(shown).toMatch(new RegExp(`^Call: +${callId}$`, "m"));
    expect(shown).toMatch(new RegExp(`^Business: +Transcript Salon \\(${salon.id}\\)$`, "m"));
    expect(shown).toMatch(new RegExp(`^Caller: +\\${caller}$`, "m"));
    expect(shown).toMatch(/^Status: +ended \(customer-ended-call\)$/m);
    expect(shown).toMatch(/^Summary: +Booked a cleaning\.$/m);
    const transcript = shown.split("Transcript (3 lines):\n")[1]?.split("\n").slice(0, 3) ?? [];
    expect(transcript.map((line) => line.replace(/^ +\d+:\d{2} {2}/, ""))).toEqual([
      "Assistant  Hello, how can I help?",
      "Caller     I'd like a cleaning, please.",
      expect.stringMatching(/^Assistant {2}You're booked for .*Ada Lovelace/),
    ]);
    expect(shown).toMatch(new RegExp(`^Bookings \\(1\\):\\nBOOKING +WHEN +LENGTH +STATUS +CUSTOMER +PHONE +CALENDAR +CALL\\n[0-9a-f-]{36} {2}${date} 10:00 E[SD]T {2}30 min {2}confirmed {2}Ada Lovelace {2}\\${caller} {2}built-in {2}${callId}$`, "m"));

    const details = CallDetailsViewSchema.parse(await okJson("calls", "show", callId));
    expect(details.transcript.map((l) => l.role)).toEqual(["assistant", "user", "assistant"]);
    expect(details.bookings).toHaveLength(1);
  });

  it("bookings list shows a business's bookings with filters; --business is required", async () => {
    const salon = await business("Booked Salon");
    const { callId, caller, date } = await callThatBooks(salon);
    const table = await ok("bookings", "list", "--business", salon.id);
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^BOOKING +WHEN +LENGTH +STATUS +CUSTOMER +PHONE +CALENDAR +CALL$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f-]{36} {2}${date} 10:00 E[SD]T {2}30 min {2}confirmed {2}Ada Lovelace {2}\\${caller} {2}built-in {2}${callId}$`))]);

    const page = pageSchemaOf(BookingViewSchema).parse(await okJson("bookings", "list", "--business", salon.id, "--from", date, "--to", date));
    expect(page.items).toEqual([expect.objectContaining({ callId, customerPhone: caller, status: "confirmed" })]);
    expect(await ok("bookings", "list", "--business", salon.id, "--status", "cancelled")).toBe("No bookings for Booked Salon.\n");

    const missing = await cli(["bookings", "list"]);
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toContain("bookings list needs --business <id>");
  });
});

describe("exit codes", () => {
  it("3 for an id nobody has, with the server's message", async () => {
    const nobody = randomUUID();
    for (const argv of [["businesses", "show", nobody], ["businesses", "update", nobody, "--active", "false"], ["connect-link", nobody], ["calls", "show", nobody], ["calls", "list", "--business", nobody], ["bookings", "list", "--business", nobody]]) {
      const run = await cli(argv);
      expect(run.code, argv.join(" ")).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(new RegExp(`^Error: ${argv[0] === "calls" && argv[1] === "show" ? "call" : "business"} ${nobody} not found \\(404 not_found, request id [\\w-]+\\)\n$`));
    }
  });

  it("4 when the server refuses the key", async () => {
    const run = await cli(["businesses", "list"], { ADMIN_API_KEY: "not-the-key-0123456789abcdef" });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^Error: .+ \(401 unauthorized, request id [\w-]+\)\nCheck the admin key/);
    expect((await cli(["businesses", "list", "--key", "another-wrong-key-0123456789"])).code).toBe(4);
  });

  it("1 when nothing answers at the URL", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await cli(["calls", "list"], { RECEPTIONIST_URL: nowhere });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`Error: cannot reach ${nowhere} (ECONNREFUSED)\nIs the server running (npm start)? Point --url or RECEPTIONIST_URL at it.\n`);
    expect((await cli(["businesses", "list", "--url", nowhere])).code).toBe(1);
  });

  it("2 for a command line the CLI cannot run, with a hint, before sending anything", async () => {
    // Pointed at nothing: had any of these reached for the server, it would exit 1.
    const nowhere = { RECEPTIONIST_URL: `http://127.0.0.1:${await freePort()}` };
    const cases: [string[], RegExp][] = [
      [[], /^Error: no command given\nRun "npm run cli -- --help" for the commands\.\n$/],
      [["busineses", "list"], /^Error: unknown command "busineses"\nDid you mean "businesses"\?/],
      [["businesses", "lst"], /^Error: unknown command "businesses lst"\nDid you mean "businesses list"\?/],
      [["calls"], /^Error: calls: which one\? calls list, calls show\n/],
      [["businesses", "list", "--limt", "2"], /^Error: unknown flag --limt for "businesses list"\nDid you mean --limit\? Run "npm run cli -- businesses list --help" for its flags\.\n$/],
      [["businesses", "list", "--limit", "ten"], /^Error: --limit: must be a whole number, not "ten"\n$/],
      [["businesses", "list", "--limit"], /^Error: Option '--limit <value>' argument missing\n/],
      [["businesses", "show"], /^Error: businesses show: missing <id>\nUsage: npm run cli -- businesses show <id> \[flags\]\n$/],
      [["businesses", "show", "a", "b"], /^Error: businesses show: unexpected argument "b"\n/],
      [["businesses", "create", "--name", "X"], /^Error: businesses create needs --name, --phone, --timezone; missing: --phone, --timezone\n/],
      [["businesses", "create", "--name", "X", "--phone", "+15550000000", "--timezone", "UTC", "--hours", "weekdays 9-5"], /^Error: --hours: cannot read "weekdays 9-5"\n/],
      [["businesses", "update", randomUUID()], /^Error: businesses update: nothing to change\n/],
      [["businesses", "update", randomUUID(), "--active", "maybe"], /^Error: --active: must be true or false, not "maybe"\n$/],
      [["calls", "list", "--all"], /^Error: calls list: --cursor and --all need --business\n/],
      [["calls", "list", "--url", "ftp://example.com"], /^Error: --url: must be an http\(s\) URL/],
    ];
    for (const [argv, stderr] of cases) {
      const run = await cli(argv, nowhere);
      expect({ argv, code: run.code, stdout: run.stdout }).toEqual({ argv, code: 2, stdout: "" });
      expect(run.stderr, argv.join(" ")).toMatch(stderr);
    }
  });

  it("--help lists every command, the environment and the exit codes; each command has its own", async () => {
    const help = await ok("--help");
    for (const command of COMMANDS) expect(help).toContain(`  ${command.name}`);
    for (const text of ["RECEPTIONIST_URL", "ADMIN_API_KEY", "0  done", "1  server or network error", "2  usage error", "3  not found (404)", "4  unauthorized (401/403)", "5  refused input"]) {
      expect(help).toContain(text);
    }
    for (const command of COMMANDS) {
      const own = await ok(...command.name.split(" "), "--help");
      expect(own).toMatch(new RegExp(`^Usage: npm run cli -- ${command.name}`));
      for (const flag of Object.keys(command.options)) expect(own).toContain(`--${flag}`);
    }
    expect(await ok("calls", "-h")).toContain("calls list");
  });
});

describe("the admin key from npm start's local secrets file", () => {
  it("is used for a local server when neither --key nor ADMIN_API_KEY is given; its absence is a usage error naming the file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cli-secrets-"));
    defer(() => rm(dir, { recursive: true, force: true }));
    const env = { ADMIN_API_KEY: undefined, LOCAL_SECRETS_FILE: path.join(dir, "local-secrets.json") };

    const withoutFile = await cli(["businesses", "list"], env);
    expect(withoutFile.code).toBe(2);
    expect(withoutFile.stderr).toContain("no admin key: pass --key <key> or set ADMIN_API_KEY");
    expect(withoutFile.stderr).toContain(path.join(dir, "local-secrets.json"));

    await writeFile(path.join(dir, "local-secrets.json"), JSON.stringify({ ADMIN_API_KEY: ADMIN_KEY }), { mode: 0o600 });
    const withFile = await cli(["businesses", "list"], env);
    expect(withFile.stderr).toBe("");
    expect(withFile.code).toBe(0);
    expect(withFile.stdout).toMatch(/^ID +NAME/);

    // A server elsewhere never gets this machine's local key (nothing is sent: msw would fail the test).
    const remote = await cli(["businesses", "list"], { ...env, RECEPTIONIST_URL: "https://receptionist.example" });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain("is only used for a server on this machine, not receptionist.example");
  });
});

describe("npm run --silent cli as a real process", () => {
  it("prints --json alone on stdout with the key from the secrets file, and exits with the codes it documents", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cli-process-"));
    defer(() => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, "local-secrets.json"), JSON.stringify({ ADMIN_API_KEY: ADMIN_KEY }), { mode: 0o600 });
    const salon = await business("Process Salon");
    const { callId } = await callThatBooks(salon);
    const env = { RECEPTIONIST_URL: url, LOCAL_SECRETS_FILE: path.join(dir, "local-secrets.json") };

    const listed = await runCommand("npm", ["run", "--silent", "cli", "--", "calls", "list", "--business", salon.id, "--json"], env);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const page = pageSchemaOf(CallViewSchema).parse(JSON.parse(listed.stdout));
    expect(page.items.map((c) => [c.id, c.bookings.length])).toEqual([[callId, 1]]);

    const missing = await runCommand("npm", ["run", "--silent", "cli", "--", "calls", "show", randomUUID()], env);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/^Error: call [0-9a-f-]{36} not found \(404 not_found, request id [\w-]+\)\n$/);

    const usage = await runCommand("npm", ["run", "--silent", "cli", "--", "calls", "lst"], env);
    expect(usage.code).toBe(2);
  });
});
