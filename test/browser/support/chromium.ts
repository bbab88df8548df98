import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

/** Debian's chromium, the browser the tests drive (playwright-core downloads none). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The flags this machine needs: root needs --no-sandbox; there is no GPU; the network is closed
 * but for loopback, so nothing may reach out on its own (QUIC, first-run pages, background
 * fetches, component updates, sync) or it is refused many times over at every start.
 */
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Headless Chromium. Missing, it fails (never skips) saying how to install it. playwright-core's
 * launch() gives every browser a new, empty profile folder (user-data-dir) and removes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM}, which is missing: apt-get install chromium (as root; .ci/run does it when missing), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export const DESKTOP = { width: 1280, height: 860 };
export const MOBILE = { width: 390, height: 844 };

/** What a page did that a test wants to know about: console lines, uncaught errors, dialogs
 *  (an alert() would mean injected script ran) and CSP violations the page saw. */
export interface Watched {
  page: Page;
  console: string[];
  errors: string[];
  dialogs: string[];
  /** securitypolicyviolation events: "<directive> <blocked URI>". */
  cspViolations(): Promise<string[]>;
}

/** A new page in the context, watched from its first script on. */
export async function watchedPage(context: BrowserContext): Promise<Watched> {
  // Recorded inside the page before any of its scripts run, so no violation is missed.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const page = await context.newPage();
  const watched: Watched = {
    page,
    console: [],
    errors: [],
    dialogs: [],
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
  page.on("console", (message: ConsoleMessage) => watched.console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => watched.errors.push(error.message));
  page.on("dialog", (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watched;
}

/** Console lines that report a CSP refusal (Chromium logs "Refused to … because it violates …"). */
export function cspConsoleLines(watched: Watched): string[] {
  return watched.console.filter((line) => /Content Security Policy|Refused to/i.test(line));
}
