// The owner dashboard: one page, hash routes, plain modules (no build step). This file is the
// shell: sign-in state, the header with the business switcher, the tabs, and which view shows.
import { takeSignInLink, signInConfig, signInWithLink, accessToken, signOut, signedInEmail } from "./lib/session.js";
import { api, ApiError, SignedOut } from "./lib/api.js";
import { h, replaceChildren } from "./lib/dom.js";
import { parseRoute, routeHref, VIEWS } from "./lib/router.js";
import { renderSignIn } from "./views/sign-in.js";
import { renderOverview } from "./views/overview.js";
import { renderCalls } from "./views/calls.js";
import { renderCall } from "./views/call.js";
import { renderBookings } from "./views/bookings.js";
import { renderSettings } from "./views/settings.js";
import { renderCalendar } from "./views/calendar.js";

// Before anything else (the modules above only define things): a one-time sign-in link leaves
// the address at once, so it is not in the history, nor seen by any later code or request.
const signInLink = takeSignInLink();

/** @typedef {{ id: string, name: string, timezone: string, role: "owner" | "staff" }} Business */
/**
 * What every view is given.
 * @typedef {{ business: Business, route: import("./lib/router.js").Route, signal: AbortSignal, announce: (text: string) => void, fail: (error: unknown) => void, calcomOutcome?: string }} ViewContext
 */

const VIEW_LABELS = { overview: "Overview", calls: "Calls", bookings: "Bookings", settings: "Settings", calendar: "Calendar" };
const RENDERERS = { overview: renderOverview, calls: renderCalls, call: renderCall, bookings: renderBookings, settings: renderSettings, calendar: renderCalendar };
const LAST_BUSINESS_KEY = "receptionist.dashboard.business";

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const topbar = /** @type {HTMLElement} */ (document.getElementById("topbar"));
const tabs = /** @type {HTMLElement} */ (document.getElementById("tabs"));
const announcer = /** @type {HTMLElement} */ (document.getElementById("announcer"));

/** Cal.com's redirect lands on ?calcom=<outcome>: shown once on the calendar view, then taken out
 *  of the address so a reload or a shared link does not repeat it. */
const calcomOutcome = new URLSearchParams(location.search).get("calcom") ?? undefined;
if (calcomOutcome) history.replaceState(null, "", `${location.pathname}${location.hash}`);

/** @type {Business[] | undefined} */
let businesses;
/** @type {AbortController | undefined} */
let current;
let firstView = true;

document.getElementById("skip-link")?.addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

void start();

async function start() {
  try {
    await signInConfig();
  } catch (error) {
    showProblem("The dashboard cannot reach the service", error instanceof Error ? error.message : String(error));
    return;
  }
  addEventListener("hashchange", () => {
    // A sign-in link pasted into a tab already open here arrives as a change of fragment.
    const link = takeSignInLink();
    void (link ? signInThenRoute(link) : route());
  });
  await (signInLink ? signInThenRoute(signInLink) : route());
}

/** @param {string} link */
async function signInThenRoute(link) {
  current?.abort();
  topbar.hidden = true;
  tabs.hidden = true;
  replaceChildren(main, h("p", { class: "loading" }, "Signing you in…"));
  const result = await signInWithLink(link);
  if (!result.ok) return showSignIn(result.message);
  businesses = undefined;
  await route();
}

async function route() {
  current?.abort();
  const controller = (current = new AbortController());
  if (!(await accessToken())) return showSignIn();
  try {
    businesses ??= /** @type {{ items: Business[] }} */ (await api("businesses")).items;
  } catch (error) {
    return fail(error);
  }
  if (controller.signal.aborted) return;
  const wanted = parseRoute(location.hash);
  if (wanted.view === "home") {
    if (businesses.length === 0) return showProblem("No business yet", "Your account is not a member of any business. Ask the people who run your receptionist to add you.", { signedIn: true });
    const last = sessionStorage.getItem(LAST_BUSINESS_KEY);
    const business = businesses.find((b) => b.id === last) ?? businesses[0];
    location.replace(routeHref(business.id, wanted.wants ?? "overview"));
    return;
  }
  const business = businesses.find((b) => b.id === wanted.businessId);
  if (!business) {
    await renderShell(undefined, wanted.view);
    return showProblem("Not found", "This business is not one of yours, or it does not exist.", { signedIn: true, backHome: true });
  }
  sessionStorage.setItem(LAST_BUSINESS_KEY, business.id);
  await renderShell(business, wanted.view);
  document.title = `${wanted.view === "call" ? "Call" : VIEW_LABELS[wanted.view]} · ${business.name}`;
  main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  /** @type {ViewContext} */
  const context = { business, route: wanted, signal: controller.signal, announce, fail, calcomOutcome: wanted.view === "calendar" ? calcomOutcome : undefined };
  try {
    await RENDERERS[wanted.view](main, context);
  } catch (error) {
    if (!controller.signal.aborted) fail(error);
    return;
  }
  // Focus follows a change of page (for keyboards and screen readers), not the first load.
  if (!firstView && !controller.signal.aborted) main.querySelector("h1")?.focus({ preventScroll: false });
  firstView = false;
}

/**
 * The header (business, who is signed in, sign out) and the tabs of the business's views.
 * @param {Business | undefined} business
 * @param {string} view
 */
async function renderShell(business, view) {
  const email = await signedInEmail();
  const switcher =
    business && businesses && businesses.length > 1
      ? h("span", { class: "switcher" }, h("label", { for: "business-switcher", class: "visually-hidden" }, "Business"),
          h("select", { id: "business-switcher", onchange: (/** @type {Event} */ e) => switchBusiness(/** @type {HTMLSelectElement} */ (e.target).value, view) },
            businesses.map((b) => h("option", { value: b.id, selected: b.id === business.id }, b.name))))
      : business && h("span", { class: "business-name" }, business.name);
  replaceChildren(
    topbar,
    h("div", { class: "topbar-inner" },
      h("a", { class: "brand", href: business ? routeHref(business.id, "overview") : "#/" }, h("img", { src: "/dashboard/icon.svg", alt: "", width: 28, height: 28 }), h("span", {}, "Receptionist")),
      h("div", { class: "topbar-business" }, switcher, business && h("span", { class: `role role-${business.role}` }, business.role === "owner" ? "Owner" : "Staff")),
      h("div", { class: "topbar-user" }, email && h("span", { class: "user-email" }, email), h("button", { type: "button", class: "button button-quiet", id: "sign-out", onclick: () => void doSignOut() }, "Sign out")),
    ),
  );
  topbar.hidden = false;
  if (!business) {
    tabs.hidden = true;
    return;
  }
  const active = view === "call" ? "calls" : view;
  replaceChildren(
    tabs,
    h("ul", { class: "tabs-inner" },
      VIEWS.map((name) => h("li", {}, h("a", { href: routeHref(business.id, name), "aria-current": name === active ? "page" : undefined, class: "tab" }, VIEW_LABELS[name])))),
  );
  tabs.hidden = false;
}

/**
 * @param {string} businessId
 * @param {string} view
 */
function switchBusiness(businessId, view) {
  location.hash = routeHref(businessId, view === "call" ? "calls" : /** @type {import("./lib/router.js").ViewName} */ (view));
}

async function doSignOut() {
  current?.abort();
  await signOut();
  businesses = undefined;
  sessionStorage.removeItem(LAST_BUSINESS_KEY);
  history.replaceState(null, "", location.pathname);
  showSignIn(undefined, "You are signed out.");
}

/**
 * What a view could not do: a refused session shows sign-in, anything else says what happened.
 * @param {unknown} error
 */
function fail(error) {
  if (error instanceof SignedOut) {
    businesses = undefined;
    void signOut();
    return showSignIn(error.message);
  }
  if (error instanceof ApiError && error.status === 404) return showProblem("Not found", "This is not one of your business's records, or it no longer exists.", { signedIn: true, backHome: true });
  const message = error instanceof Error ? error.message : String(error);
  showProblem("Something went wrong", message, { signedIn: true, retry: true });
}

/**
 * @param {string} [problem] why sign-in is shown again
 * @param {string} [notice] a neutral note (signed out)
 */
function showSignIn(problem, notice) {
  current?.abort();
  topbar.hidden = true;
  tabs.hidden = true;
  document.title = "Sign in · AI receptionist";
  renderSignIn(main, {
    problem,
    notice: notice ?? (calcomOutcome === "connected" ? "Cal.com is connected. Sign in to see your calendar settings." : undefined),
    onSignedIn: () => {
      businesses = undefined;
      void route();
    },
  });
}

/**
 * @param {string} title
 * @param {string} message
 * @param {{ signedIn?: boolean, retry?: boolean, backHome?: boolean }} [options]
 */
function showProblem(title, message, options = {}) {
  if (!options.signedIn) {
    topbar.hidden = true;
    tabs.hidden = true;
  }
  document.title = `${title} · AI receptionist`;
  replaceChildren(
    main,
    h("section", { class: "panel problem" },
      h("h1", { tabIndex: -1 }, title),
      h("p", {}, message),
      h("div", { class: "actions" },
        options.retry && h("button", { type: "button", class: "button", onclick: () => void route() }, "Try again"),
        options.backHome && h("a", { class: "button", href: "#/" }, "Go to your dashboard"))),
  );
}

/** @param {string} text */
function announce(text) {
  announcer.textContent = "";
  // A change the live region notices even when the same words come twice.
  setTimeout(() => (announcer.textContent = text), 50);
}
