import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { repoRoot } from "../../support/run-command.js";
import { DESKTOP, watchedPage, type Watched } from "./chromium.js";

/** Where every page's screenshot goes (gitignored); the chosen ones are copied to docs/screenshots/. */
export const SCREENSHOTS = path.join(repoRoot, "test-output", "screenshots");

/** The key the dashboard keeps its local session under in sessionStorage (public/dashboard/lib/session.js). */
export const SESSION_KEY = "receptionist.dashboard.session";

export interface Member extends Watched {
  context: BrowserContext;
  /** The member's access token, as the page holds it. */
  token(): Promise<string>;
  close(): Promise<void>;
}

/** A browser context of its own (cookies, storage) with one watched page in it. */
export async function openMember(browser: Browser, viewport = DESKTOP): Promise<Member> {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  const watched = await watchedPage(context);
  return {
    ...watched,
    context,
    token: async () => {
      const stored = await watched.page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
      const token = (JSON.parse(stored ?? "{}") as { accessToken?: unknown }).accessToken;
      if (typeof token !== "string") throw new Error("the page holds no session");
      return token;
    },
    close: () => context.close(),
  };
}

/** Opens a printed one-time link and waits for the overview it leads to. */
export async function signInWith(member: Member, link: string): Promise<void> {
  await member.page.goto(link);
  await expect.poll(() => heading(member.page), { timeout: 15_000 }).toBe("Overview");
}

/** The page's h1, once something is shown. */
export async function heading(page: Page): Promise<string> {
  return ((await page.locator("h1").first().textContent({ timeout: 10_000 }).catch(() => "")) ?? "").trim();
}

/** Goes to a hash route of the dashboard and waits for its heading. */
export async function goToView(page: Page, hash: string, title: string | RegExp): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
  await expect.poll(() => heading(page), { timeout: 15_000 }).toMatch(typeof title === "string" ? new RegExp(`^${escape(title)}$`) : title);
  // The view's data, not its "Loading…".
  await page.locator(".loading").first().waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
}

/** A full-page screenshot named after the page and the width. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const { width } = page.viewportSize() ?? DESKTOP;
  const file = path.join(SCREENSHOTS, `${name}-${width < 600 ? "mobile" : "desktop"}.png`);
  // Finite animations (a new call's highlight) shown finished, as a person sees the page a moment later.
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  return file;
}

/** A member API call with a bearer token, from outside the browser (what a forger would send). */
export async function memberApi(baseUrl: string, token: string, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/member/${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** An operator API call with the test run's admin key. */
export async function operatorApi<Body>(baseUrl: string, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${baseUrl}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${process.env.ADMIN_API_KEY ?? ""}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
