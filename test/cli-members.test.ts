// npm run cli -- members …, against the local server of `npm start` (the real route files) in this
// process, on a database of this file's own that it serves as npm start serves its embedded one
// (useLocalDatabase; the roles shim makes the users), so members get one-time sign-in links.
process.env.LOCAL_SESSION_SECRET = "local-session-secret-for-tests-0123456789";

import type { AddressInfo } from "node:net";
import path from "node:path";
import { http, passthrough } from "msw";
import postgres from "postgres";
import { beforeEach, describe, expect, it } from "vitest";
import { getDatabase } from "../lib/db/get-database.js";
import { applyMigrations } from "../lib/db/migrations/apply-migrations.js";
import { useLocalDatabase } from "../lib/env.js";
import { runCli } from "../scripts/cli/run-cli.js";
import { createLocalServer } from "../scripts/local-server/create-local-server.js";
import { deferredCleanup } from "./support/deferred-cleanup.js";
import { freePort } from "./support/free-port.js";
import { server as msw } from "./support/msw-server.js";
import { ADMIN_KEY } from "./support/operator-request.js";
import { repoRoot } from "./support/run-command.js";
import { createScratchDatabase } from "./support/scratch-database.js";
import { insertBusiness } from "./support/test-db.js";

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

beforeEach(() => msw.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\/.*/, () => passthrough())));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { RECEPTIONIST_URL: url, ADMIN_API_KEY: ADMIN_KEY },
  });
  return { code, stdout, stderr };
}

async function ok(...argv: string[]): Promise<string> {
  const run = await cli(...argv);
  expect(run.stderr, `npm run cli -- ${argv.join(" ")}`).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

const business = async () => (await insertBusiness(sql, { name: "CLI Dental" })).id;
const linkIn = (text: string) => /(https?:\/\/\S+\/dashboard\/#sign-in=\S+)/.exec(text)?.[1] ?? "";
const signIn = (link: string) => fetch(`${url}/api/member/sign-in`, { method: "POST", body: JSON.stringify({ link }) });

describe("npm run cli -- members …", () => {
  it("add makes a member (staff by default) and prints a sign-in link that works once; list shows owners first", async () => {
    const id = await business();
    expect(await ok("members", "list", id)).toBe("No members.\n");
    const added = await ok("members", "add", id, "Ben@Example.test");
    expect(added).toMatch(/^Member: +ben@example\.test\nRole: +staff\nUser: +[0-9a-f-]{36}\nInvited: +no\nSign-in link: +http\S+ \(one use, 15 min\)\n$/);
    expect((await signIn(linkIn(added))).status).toBe(200);
    expect((await signIn(linkIn(added))).status).toBe(401);
    await ok("members", "add", id, "ada@example.test", "--role", "owner");
    const table = await ok("members", "list", id);
    expect(table.split("\n")[0]).toMatch(/^EMAIL +ROLE +USER +ADDED$/);
    expect(table.split("\n").slice(1, 3).map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual(["ada@example.test owner", "ben@example.test staff"]);
    const listed = JSON.parse(await ok("members", "list", id, "--json")) as { items: { email: string; role: string }[] };
    expect(listed.items.map((m) => m.email)).toEqual(["ada@example.test", "ben@example.test"]);
  });

  it("add again keeps a member's role unless --role changes it", async () => {
    const id = await business();
    await ok("members", "add", id, "owner@example.test", "--role", "owner");
    expect(await ok("members", "add", id, "OWNER@example.test")).toMatch(/\nRole: +owner\n/);
    expect(await ok("members", "add", id, "owner@example.test", "--role", "staff")).toMatch(/\nRole: +staff\n/);
    const { items } = JSON.parse(await ok("members", "list", id, "--json")) as { items: unknown[] };
    expect(items).toHaveLength(1);
  });

  it("link prints a fresh one-time link for a member by email or user id", async () => {
    const id = await business();
    const added = JSON.parse(await ok("members", "add", id, "link@example.test", "--role", "owner", "--json")) as { userId: string };
    for (const who of ["LINK@example.test", added.userId]) {
      const printed = await ok("members", "link", id, who);
      expect(printed).toMatch(/^Member: +link@example\.test \(owner\)\nLink: +http\S+\nExpires: +.+\n$/);
      expect((await signIn(linkIn(printed))).status).toBe(200);
    }
  });

  it("remove takes a member off by email or user id, and says who is not one (exit 3)", async () => {
    const id = await business();
    const first = JSON.parse(await ok("members", "add", id, "one@example.test", "--json")) as { userId: string };
    await ok("members", "add", id, "two@example.test");
    expect(await ok("members", "remove", id, "ONE@example.test")).toBe(`Removed ONE@example.test from business ${id}.\n`);
    expect(JSON.parse(await ok("members", "remove", id, "two@example.test", "--json"))).toMatchObject({ removed: { businessId: id } });
    expect(await ok("members", "list", id)).toBe("No members.\n");
    const gone = await cli("members", "remove", id, first.userId);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(new RegExp(`^Error: user ${first.userId} is not a member of business ${id} \\(404 not_found, request id [\\w-]+\\)\\n$`));
    const stranger = await cli("members", "link", id, "nobody@example.test");
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toBe(`Error: nobody@example.test is not a member of business ${id}\n"npm run cli -- members list ${id}" shows its members.\n`);
  });

  it("refuses what it cannot send, naming the flag or argument, before sending anything", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = async (...argv: string[]) => {
      let stderr = "";
      const code = await runCli(argv, { stdout: () => undefined, stderr: (text) => void (stderr += text), env: { RECEPTIONIST_URL: nowhere, ADMIN_API_KEY: ADMIN_KEY } });
      return { code, stderr };
    };
    expect(await run("members", "add", "b", "a@example.test", "--role", "admin")).toEqual({ code: 2, stderr: 'Error: --role: must be owner or staff, not "admin"\n' });
    expect(await run("members", "add", "b")).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Error: members add: missing <email>\nUsage: npm run cli -- members add <businessId> <email> \[flags\]\n$/) });
    expect(await run("members", "lst")).toMatchObject({ code: 2, stderr: expect.stringContaining('Did you mean "members list"?') });
    expect(await run("members", "remove", "b", "a", "c")).toMatchObject({ code: 2, stderr: expect.stringContaining('members remove: unexpected argument "c"') });
  });

  it("passes on the server's refusals with their exit codes", async () => {
    const id = await business();
    const invalid = await cli("members", "add", id, "not-an-email", "--role", "staff");
    expect(invalid.code).toBe(5);
    expect(invalid.stderr).toMatch(/^Error: email: must be an email address \(400 bad_request, request id [\w-]+\)\n$/);
    const unknown = await cli("members", "list", "0b0e4a4e-0000-4000-8000-000000000000");
    expect(unknown.code).toBe(3);
  });
});
