// Issue 12's owner dashboard in a real browser (headless Chromium) against a real `npm start`
// on a new embedded database: signed in with the links it printed, fed by the simulated call
// and by webhook requests, looked at page by page (screenshots in test-output/screenshots/).
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_SECURITY_HEADERS } from "../../lib/http/security-headers.js";
import { DEMO_BUSINESS_ID, DEMO_LINE } from "../../scripts/demo-business.js";
import { vapiCall } from "../../scripts/vapi-call.js";
import { assistantRequest } from "../fixtures/vapi/assistant-request.js";
import { runCommand } from "../support/run-command.js";
import { sendTo, testSecrets } from "../support/running-service.js";
import { VAPI_SECRET, vapiRequest } from "../support/vapi-request.js";
import { cspConsoleLines, launchChromium, MOBILE } from "./support/chromium.js";
import { dashboardServiceForFile, generatedSecret } from "./support/dashboard-service.js";
import { goToView, heading, memberApi, openMember, operatorApi, screenshot, SESSION_KEY, signInWith, type Member } from "./support/dashboard-session.js";

const service = dashboardServiceForFile();
const XSS = "<img src=x onerror=alert(1)>";
const demo = (view: string) => `#/b/${DEMO_BUSINESS_ID}/${view}`;

let browser: Browser;
let owner: Member;
/** Every member page opened, checked at the end for CSP refusals, script errors and dialogs. */
const opened: Member[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  for (const member of opened) await member.close().catch(() => undefined);
  await browser?.close();
});

async function member(viewport?: { width: number; height: number }): Promise<Member> {
  const opening = await openMember(browser, viewport);
  opened.push(opening);
  return opening;
}

/** The link npm start printed for a demo member. */
function printed(who: "owner" | "staff"): string {
  const link = service.printedLinks()[who];
  if (!link) throw new Error(`npm start printed no ${who} sign-in link:\n${service.output()}`);
  return link;
}

/** What the webhook answers an assistant-request on the demo line with: the system prompt. */
async function assistantPrompt(): Promise<string> {
  const request = vapiRequest(assistantRequest({ callId: randomUUID(), phoneNumberId: DEMO_LINE.phoneNumberId, number: DEMO_LINE.number }));
  const answer = await sendTo(service, request);
  expect(answer.status).toBe(200);
  const body = (await answer.json()) as { assistant: { model: { messages: { content: string }[] } } };
  return body.assistant.model.messages[0]?.content ?? "";
}

describe("signing in with the link npm start printed", () => {
  it("shows the owner's overview, takes the link out of the address at once, and keeps the session in this tab only", async () => {
    owner = await member();
    await owner.page.goto(`${service.url}/dashboard/`);
    expect(await heading(owner.page)).toBe("Sign in to your receptionist");
    await screenshot(owner.page, "sign-in");

    await signInWith(owner, printed("owner"));
    expect(owner.page.url()).not.toContain("sign-in=");
    expect(owner.page.url()).toContain(demo("overview"));
    expect(await owner.page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await owner.page.evaluate((key) => Object.keys(sessionStorage).includes(key), SESSION_KEY)).toBe(true);
    expect(await owner.page.locator(".business-name").textContent()).toBe("Bright Smile Dental (demo)");
  }, 60_000);

  it("refuses the same link a second time, on the sign-in page", async () => {
    const again = await member();
    await again.page.goto(printed("owner"));
    await expect.poll(() => again.page.locator(".alert-error").textContent().catch(() => ""), { timeout: 10_000 }).toMatch(/\S/);
    expect(await heading(again.page)).toBe("Sign in to your receptionist");
    await again.close();
  });

  it("serves the dashboard with its CSP, and the page runs under it", async () => {
    const answer = await fetch(`${service.url}/dashboard/`);
    expect(answer.headers.get("content-security-policy")).toBe(DASHBOARD_SECURITY_HEADERS["content-security-policy"]);
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    const response = await owner.page.reload();
    expect(response?.headers()["content-security-policy"]).toBe(DASHBOARD_SECURITY_HEADERS["content-security-policy"]);
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toBe("Overview");
  });
});

describe("the call npm run simulate made", () => {
  let caller = "";

  it("appears on the open Calls page by itself (no reload), newest first, booked", async () => {
    await goToView(owner.page, demo("calls"), "Calls");
    await owner.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const simulated = await runCommand("npm", ["run", "--silent", "simulate", "--", "--url", service.url], { ...testSecrets(), LOCAL_SECRETS_FILE: service.secretsFile });
    expect(simulated.stderr).toBe("");
    caller = /from (\+\d+)/.exec(simulated.stdout)?.[1] ?? "";
    expect(caller).toMatch(/^\+1555\d{7}$/);
    const shown = `+1 ${caller.slice(2, 5)} ${caller.slice(5, 8)} ${caller.slice(8)}`;
    const row = owner.page.locator(".call-row", { hasText: shown });
    await row.waitFor({ timeout: 25_000 });
    expect(await owner.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => row.locator(".badge-booked").count(), { timeout: 25_000 }).toBe(1);
    expect(await row.textContent()).toContain("Ended");
    await screenshot(owner.page, "calls");
  }, 90_000);

  it("shows its transcript as a conversation in spoken order, and the booking made on it", async () => {
    await owner.page.locator(".call-row").first().click();
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toMatch(/^Call from \+1 555/);
    const lines = await owner.page.locator(".conversation .line-text").allTextContents();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.findIndex((text) => text.includes("book a cleaning"))).toBeLessThan(lines.findIndex((text) => text.includes("booked")));
    expect(await owner.page.locator(".line-user").count()).toBeGreaterThan(0);
    expect(await owner.page.locator(".booking-card").textContent()).toContain("Ada Lovelace");
    expect(await owner.page.locator(".facts").first().textContent()).toContain("Customer ended call");
    await screenshot(owner.page, "call");
  });

  it("shows on the Bookings page with a link back to the call", async () => {
    await goToView(owner.page, demo("bookings"), "Bookings");
    const row = owner.page.locator(".booking-item", { hasText: "Ada Lovelace" }).first();
    await row.waitFor();
    await screenshot(owner.page, "bookings");
    await row.getByRole("link", { name: /View the call/ }).click();
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toMatch(/^Call from/);
  });

  it("counts on the Overview's figures and chart", async () => {
    await goToView(owner.page, demo("overview"), "Overview");
    expect(Number(await owner.page.locator(".stat-calls .stat-value").textContent())).toBeGreaterThanOrEqual(1);
    expect(await owner.page.locator("svg.chart .bar-answered, svg.chart .bar-missed, svg.chart .bar-other").count()).toBeGreaterThanOrEqual(1);
    expect(await owner.page.locator("svg.chart").getAttribute("role")).toBe("img");
    expect(await owner.page.locator("svg.chart desc").textContent()).toMatch(/\d+ calls? from/);
    await screenshot(owner.page, "overview");
  });
});

describe("a transcript line that is HTML", () => {
  it("shows as text and runs nothing", async () => {
    const call = vapiCall({ webhookUrl: `${service.url}/api/vapi-webhook`, secret: VAPI_SECRET, line: DEMO_LINE, caller: "+15550001234" });
    await call.send({ type: "status-update", status: "in-progress" });
    await call.send({ type: "transcript", role: "assistant", transcriptType: "final", transcript: "Bright Smile Dental, how can I help?" });
    await call.send({ type: "transcript", role: "user", transcriptType: "final", transcript: XSS });
    await call.send({ type: "end-of-call-report", endedReason: "customer-ended-call", analysis: { summary: `Caller said ${XSS}` }, artifact: { transcript: `User: ${XSS}` } });
    await goToView(owner.page, demo("calls"), "Calls");
    const row = owner.page.locator(".call-row", { hasText: "+1 555 000 1234" });
    await row.waitFor({ timeout: 25_000 });
    await row.click();
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toBe("Call from +1 555 000 1234");
    await expect.poll(() => owner.page.locator(".conversation .line-user .line-text").allTextContents(), { timeout: 10_000 }).toContain(XSS);
    expect(await owner.page.locator(".summary").textContent()).toBe(`Caller said ${XSS}`);
    expect(await owner.page.locator("main img").count()).toBe(0);
    expect(owner.dialogs).toEqual([]);
    await screenshot(owner.page, "call-html-line");
  }, 60_000);
});

describe("settings", () => {
  it("change the opening hours, and the next assistant-request tells callers the new ones", async () => {
    expect(await assistantPrompt()).toContain("Sunday: closed.");
    await goToView(owner.page, demo("settings"), "Settings");
    await owner.page.getByRole("button", { name: "Add opening hours on Sunday" }).click();
    await owner.page.getByLabel("Sunday opens").fill("10:00");
    await owner.page.getByLabel("Sunday closes").fill("14:00");
    await owner.page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => owner.page.locator(".form-message").textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    expect(await assistantPrompt()).toContain("Sunday: 10 AM to 2 PM.");
    await screenshot(owner.page, "settings");
  });

  it("show the API's refusal next to the field it names", async () => {
    await owner.page.getByLabel("Sunday closes").fill("09:00");
    await owner.page.getByRole("button", { name: "Save changes" }).click();
    const error = owner.page.locator(".day", { hasText: "Sunday" }).locator(".field-error");
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/^Sunday: .*open must be before close/);
    expect(await owner.page.getByLabel("Sunday closes").getAttribute("aria-invalid")).toBe("true");
    await owner.page.getByLabel("Business name").fill("");
    await owner.page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => owner.page.locator(".field", { hasText: "Business name" }).locator(".field-error").textContent(), { timeout: 10_000 }).toMatch(/\S/);
    await screenshot(owner.page, "settings-errors");
    // Nothing refused was stored.
    expect(await assistantPrompt()).toContain("Sunday: 10 AM to 2 PM.");
  });
});

describe("the staff member", () => {
  let staff: Member;

  it("sees the settings read-only, and the API refuses its write", async () => {
    staff = await member();
    await signInWith(staff, printed("staff"));
    expect(await staff.page.locator(".role").textContent()).toBe("Staff");
    await goToView(staff.page, demo("settings"), "Settings");
    expect(await staff.page.getByLabel("Business name").isDisabled()).toBe(true);
    expect(await staff.page.getByLabel("Sunday opens").isDisabled()).toBe(true);
    expect(await staff.page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    expect(await staff.page.locator(".alert-info").textContent()).toContain("only the business's owner can change them");
    await screenshot(staff.page, "settings-staff");
    const refused = await memberApi(service.url, await staff.token(), "PATCH", `businesses/${DEMO_BUSINESS_ID}/settings`, { name: "Taken over" });
    expect(refused.status).toBe(403);
    expect(await memberApi(service.url, await staff.token(), "GET", `businesses/${DEMO_BUSINESS_ID}/settings`)).toMatchObject({ status: 200, body: { name: "Bright Smile Dental (demo)", canEdit: false } });
  }, 60_000);

  it("sees the calendar without the connect button", async () => {
    await goToView(staff.page, demo("calendar"), "Calendar");
    expect(await staff.page.getByRole("button", { name: /Connect Cal\.com/ }).count()).toBe(0);
    expect(await staff.page.locator("main").textContent()).toContain("Only the business's owner can connect Cal.com.");
  });
});

describe("another business's owner", () => {
  let other: Member;
  let otherBusinessId = "";

  it("sees only their own business, none of the demo's calls, and forged business ids are refused", async () => {
    const created = await operatorApi<{ id: string }>(service.url, "POST", "/api/businesses", { name: "Other Salon", phoneNumber: "+15550009999", timezone: "Europe/London" });
    expect(created.status).toBe(201);
    otherBusinessId = created.body.id;
    const added = await operatorApi<{ signInUrl?: string }>(service.url, "POST", `/api/businesses/${otherBusinessId}/members`, { email: "owner@other.example", role: "owner" });
    expect(added.status).toBe(201);
    expect(added.body.signInUrl).toMatch(/\/dashboard\/#sign-in=/);

    other = await member(MOBILE);
    await signInWith(other, added.body.signInUrl ?? "");
    expect(other.page.url()).toContain(`#/b/${otherBusinessId}/overview`);
    expect(await other.page.locator(".business-name").textContent()).toBe("Other Salon");
    expect(await other.page.locator(".stat-calls .stat-value").textContent()).toBe("0");
    await goToView(other.page, `#/b/${otherBusinessId}/calls`, "Calls");
    expect(await other.page.locator(".call-row").count()).toBe(0);
    // The demo business's pages by their address: not found.
    await goToView(other.page, demo("calls"), "Not found");

    const token = await other.token();
    const demoCall = (await memberApi(service.url, await owner.token(), "GET", `businesses/${DEMO_BUSINESS_ID}/calls`)).body as { items: { id: string }[] };
    const callId = demoCall.items[0]?.id ?? "";
    expect(callId).not.toBe("");
    for (const path of ["overview", "calls", `calls/${callId}`, "bookings", "settings", "calendar"]) {
      expect((await memberApi(service.url, token, "GET", `businesses/${DEMO_BUSINESS_ID}/${path}`)).status, path).toBe(404);
    }
    expect((await memberApi(service.url, token, "GET", `businesses/${otherBusinessId}/calls/${callId}`)).status).toBe(404);
    expect((await memberApi(service.url, token, "PATCH", `businesses/${DEMO_BUSINESS_ID}/settings`, { name: "Mine now" })).status).toBe(404);
    expect((await memberApi(service.url, token, "POST", `businesses/${DEMO_BUSINESS_ID}/calendar/connect`)).status).toBe(404);
    expect((await memberApi(service.url, token, "GET", "businesses")).body).toEqual({ items: [expect.objectContaining({ id: otherBusinessId, role: "owner" })] });
  }, 60_000);

  it("lets a member of two businesses switch between them", async () => {
    const added = await operatorApi(service.url, "POST", `/api/businesses/${otherBusinessId}/members`, { email: "owner@demo.example", role: "staff" });
    expect(added.status).toBe(201);
    await owner.page.reload();
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toMatch(/\S/);
    const switcher = owner.page.getByLabel("Business", { exact: true });
    expect(await switcher.locator("option").allTextContents()).toEqual(expect.arrayContaining(["Bright Smile Dental (demo)", "Other Salon"]));
    await switcher.selectOption({ label: "Other Salon" });
    await expect.poll(() => owner.page.url()).toContain(`#/b/${otherBusinessId}/`);
    expect(await owner.page.locator(".role").textContent()).toBe("Staff");
    await switcher.selectOption({ label: "Bright Smile Dental (demo)" });
    await expect.poll(() => owner.page.url()).toContain(`#/b/${DEMO_BUSINESS_ID}/`);
  });
});

describe("keyboard only", () => {
  it("reaches a call from the top of the page with Tab and Enter, and shows where the focus is", async () => {
    await goToView(owner.page, demo("overview"), "Overview");
    await owner.page.locator("body").focus();
    const focused = () => owner.page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? "", className: document.activeElement?.className ?? "" }));
    const tabUntil = async (match: (f: { text: string; className: string }) => boolean) => {
      for (let presses = 0; presses < 40; presses += 1) {
        await owner.page.keyboard.press("Tab");
        if (match(await focused())) return;
      }
      throw new Error(`Tab never reached it; last focused: ${JSON.stringify(await focused())}`);
    };
    await tabUntil((f) => f.className === "tab" && f.text === "Calls");
    const outline = await owner.page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe("none");
    await owner.page.keyboard.press("Enter");
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toBe("Calls");
    await tabUntil((f) => f.className === "call-row");
    await owner.page.keyboard.press("Enter");
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toMatch(/^Call from/);
  }, 60_000);
});

describe("the calendar", () => {
  it("starts Cal.com's consent flow for this business when the owner presses Connect", async () => {
    await goToView(owner.page, demo("calendar"), "Calendar");
    expect(await owner.page.locator(".badge").first().textContent()).toBe("Not connected");
    await screenshot(owner.page, "calendar");
    // Cal.com is not reachable from here: the connect link's answer is read and replaced by a stub.
    let consent: URL | undefined;
    await owner.context.route(`${service.url}/api/calcom/connect?**`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      consent = new URL(answer.headers().location ?? "about:blank");
      await route.fulfill({ status: 200, contentType: "text/html", body: "<title>Cal.com (stub)</title>" });
    });
    await owner.page.getByRole("button", { name: "Connect Cal.com" }).click();
    await expect.poll(() => owner.page.title(), { timeout: 10_000 }).toBe("Cal.com (stub)");
    expect(consent?.origin).toBe("https://app.cal.com");
    expect(consent?.searchParams.get("redirect_uri")).toBe(`${service.url}/api/calcom/oauth`);
    await owner.context.unroute(`${service.url}/api/calcom/connect?**`);
  });

  it("is where Cal.com's redirect lands: the outcome shown once, then out of the address", async () => {
    await owner.page.goto(`${service.url}/dashboard/?calcom=connected${demo("calendar")}`);
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toBe("Calendar");
    expect(await owner.page.locator(".alert-success").textContent()).toContain("Cal.com is connected");
    expect(owner.page.url()).toBe(`${service.url}/dashboard/${demo("calendar")}`);
  });
});

describe("a month of calls", () => {
  it("draws a bar for every day with calls, answered and missed apart, and counts them in the figures", async () => {
    const sent = await sendMonthOfCalls();
    await goToView(owner.page, demo("overview"), "Overview");
    const bars = await owner.page.locator("svg.chart .chart-day").evaluateAll((days) => days.filter((day) => day.querySelector(".bar-answered, .bar-missed")).length);
    expect(bars).toBeGreaterThanOrEqual(sent.days - 1);
    expect(await owner.page.locator("svg.chart .bar-missed").count()).toBeGreaterThan(0);
    expect(Number(await owner.page.locator(".stat-calls .stat-sub").textContent().then((text) => /All time (\d+)/.exec(text ?? "")?.[1]))).toBeGreaterThanOrEqual(sent.calls);
    await screenshot(owner.page, "overview");
  }, 60_000);
});

describe("at a phone's width", () => {
  it("every page fits and is screenshotted", async () => {
    const phone = await member(MOBILE);
    const session = await owner.page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
    await phone.context.addInitScript(({ key, value }) => sessionStorage.setItem(key, value ?? ""), { key: SESSION_KEY, value: session });
    await phone.page.goto(`${service.url}/dashboard/${demo("overview")}`);
    await expect.poll(() => heading(phone.page), { timeout: 10_000 }).toBe("Overview");
    const views: [string, string | RegExp][] = [["overview", "Overview"], ["calls", "Calls"], ["bookings", "Bookings"], ["settings", "Settings"], ["calendar", "Calendar"]];
    for (const [view, title] of views) {
      await goToView(phone.page, demo(view), title);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), `${view} scrolls sideways`).toBeLessThanOrEqual(MOBILE.width);
      await screenshot(phone.page, view);
    }
    await goToView(phone.page, demo("calls"), "Calls");
    await phone.page.locator(".call-row:has(.badge-booked)").first().click();
    await expect.poll(() => heading(phone.page), { timeout: 10_000 }).toMatch(/^Call from/);
    await screenshot(phone.page, "call");
    const signedOut = await member(MOBILE);
    await signedOut.page.goto(`${service.url}/dashboard/`);
    await expect.poll(() => heading(signedOut.page), { timeout: 10_000 }).toBe("Sign in to your receptionist");
    await screenshot(signedOut.page, "sign-in");
  }, 90_000);
});

describe("a session that is not valid", () => {
  it("is refused when forged: the sign-in page shows", async () => {
    const forger = await member();
    await forger.context.addInitScript(({ key }) => {
      sessionStorage.setItem(key, JSON.stringify({ accessToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged", expiresAt: "2999-01-01T00:00:00Z", userId: "x", email: "x@example.com" }));
    }, { key: SESSION_KEY });
    await forger.page.goto(`${service.url}/dashboard/${demo("overview")}`);
    await expect.poll(() => heading(forger.page), { timeout: 10_000 }).toBe("Sign in to your receptionist");
    expect(await forger.page.locator(".alert-error").textContent()).toMatch(/session/i);
  });

  it("is refused when expired, though the page still thought it good", async () => {
    const ownerId = await userIdOf(owner);
    expect(ownerId).not.toBe("");
    const secret = await generatedSecret(service.secretsFile, "LOCAL_SESSION_SECRET");
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: "authenticated", email: "owner@demo.example" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("urn:ai-receptionist:local")
      .setAudience("authenticated")
      .setSubject(ownerId)
      .setIssuedAt(past - 3600)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(secret));
    expect((await memberApi(service.url, expired, "GET", "businesses")).status).toBe(401);
    const late = await member();
    await late.context.addInitScript(({ key, token }) => {
      sessionStorage.setItem(key, JSON.stringify({ accessToken: token, expiresAt: "2999-01-01T00:00:00Z", userId: "x", email: "owner@demo.example" }));
    }, { key: SESSION_KEY, token: expired });
    await late.page.goto(`${service.url}/dashboard/${demo("calls")}`);
    await expect.poll(() => heading(late.page), { timeout: 10_000 }).toBe("Sign in to your receptionist");
    expect(await late.page.locator(".alert-error").textContent()).toMatch(/expired/i);
  });

  it("ends with Sign out: back to sign-in, nothing kept", async () => {
    await owner.page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => heading(owner.page), { timeout: 10_000 }).toBe("Sign in to your receptionist");
    expect(await owner.page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull();
  });
});

describe("signing in on Supabase", () => {
  it("sends an e-mail code with the vendored supabase-js (allowed by the CSP), and calls the API with Supabase's access token", async () => {
    const visitor = await member();
    const project = "https://demo-project.supabase.co";
    const seen: { path: string; body: unknown }[] = [];
    let authorization = "";
    // This page is told it runs on Supabase; Supabase Auth is answered here (no network), as its API does.
    await visitor.context.route(`${service.url}/api/member/config`, (route) => route.fulfill({ json: { signIn: "supabase", supabaseUrl: project, supabaseAnonKey: "anon-key-for-the-test" } }));
    await visitor.context.route(`${project}/auth/v1/**`, async (route) => {
      const request = route.request();
      seen.push({ path: new URL(request.url()).pathname, body: request.postDataJSON() as unknown });
      if (request.url().includes("/verify")) {
        const user = { id: randomUUID(), aud: "authenticated", role: "authenticated", email: "owner@supabase.example" };
        return route.fulfill({ json: { access_token: "supabase-access-token", token_type: "bearer", expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600, refresh_token: "refresh", user } });
      }
      return route.fulfill({ json: {} });
    });
    await visitor.context.route(`${service.url}/api/member/businesses`, (route) => {
      authorization = route.request().headers().authorization ?? "";
      return route.fulfill({ json: { items: [] } });
    });
    await visitor.page.goto(`${service.url}/dashboard/`);
    await visitor.page.getByLabel("E-mail address").fill("owner@supabase.example");
    await visitor.page.getByRole("button", { name: "Send me a code" }).click();
    await visitor.page.getByLabel("Code from the e-mail").fill("123456");
    await screenshot(visitor.page, "sign-in-supabase");
    await visitor.page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => heading(visitor.page), { timeout: 10_000 }).toBe("No business yet");
    expect(seen.map((request) => request.path)).toEqual(["/auth/v1/otp", "/auth/v1/verify"]);
    // Members only: asking for a code makes no account.
    expect(seen[0]?.body).toMatchObject({ email: "owner@supabase.example", create_user: false });
    expect(seen[1]?.body).toMatchObject({ email: "owner@supabase.example", token: "123456", type: "email" });
    expect(authorization).toBe("Bearer supabase-access-token");
    expect(visitor.page.url()).not.toContain("supabase-access-token");
  });
});

describe("every page opened", () => {
  it("had no CSP refusal, no script error and no dialog", async () => {
    for (const page of opened) {
      expect(await page.cspViolations().catch(() => []), "securitypolicyviolation events").toEqual([]);
      expect(cspConsoleLines(page), "console lines about the CSP").toEqual([]);
      expect(page.errors, "uncaught errors").toEqual([]);
      expect(page.dialogs, "dialogs").toEqual([]);
    }
  });
});

const SUMMARIES = [
  "Caller asked whether the practice takes new patients and what a first visit costs.",
  "Caller wanted to move next week's cleaning; the receptionist offered Thursday at 2 PM.",
  "Caller asked for the Saturday opening hours.",
  "A parent asked about appointments for two children after school.",
  "Caller reported a chipped tooth and asked for the earliest slot.",
];

/**
 * A month of ended calls on the demo line, as VAPI's end-of-call reports (which alone make a
 * complete call row): 0 to 6 a day over the last 30 days, every fifth one missed (no talk time).
 */
async function sendMonthOfCalls(): Promise<{ calls: number; days: number }> {
  let calls = 0;
  let days = 0;
  for (let daysAgo = 29; daysAgo >= 1; daysAgo -= 1) {
    const count = Math.round(3 + 2.5 * Math.sin(daysAgo / 2.3) + (daysAgo % 3 === 0 ? 1 : 0));
    if (count > 0) days += 1;
    for (let n = 0; n < count; n += 1) {
      const startedAt = new Date(Date.now() - daysAgo * 86_400_000 - n * 3_600_000);
      const missed = (calls + n) % 5 === 4;
      const endedAt = new Date(startedAt.getTime() + (missed ? 0 : 60_000 + ((calls * 37) % 240) * 1000));
      const report = {
        message: {
          type: "end-of-call-report",
          timestamp: endedAt.getTime() + 1000,
          endedReason: "customer-ended-call",
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          analysis: missed ? {} : { summary: SUMMARIES[(calls + n) % SUMMARIES.length] },
          call: { id: randomUUID(), orgId: "org-browser-test", type: "inboundPhoneCall", phoneNumberId: DEMO_LINE.phoneNumberId, customer: { number: `+1555${String(2000000 + calls * 7919).slice(0, 7)}` } },
          phoneNumber: { id: DEMO_LINE.phoneNumberId, number: DEMO_LINE.number },
        },
      };
      const answer = await sendTo(service, vapiRequest(report));
      expect(answer.status).toBe(200);
    }
    calls += count;
  }
  return { calls, days };
}

/** The signed-in member's user id, from the session the page keeps. */
async function userIdOf(member: Member): Promise<string> {
  const stored = await member.page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
  return (JSON.parse(stored ?? "{}") as { userId?: string }).userId ?? "";
}
