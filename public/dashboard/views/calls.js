// Calls: newest first, filtered by day and status, paged with the API's keyset cursor ("More
// calls"), and kept fresh by asking for the first page every 10 seconds: new calls appear at the
// top and changed ones (a call that has just ended) update in place, without a reload.
import { api, businessPath } from "../lib/api.js";
import { h, replaceChildren, uniqueId } from "../lib/dom.js";
import { callStatus, CALL_STATUS_LABELS, dateTime, duration, phone, spokenDuration, todayIn, zoneName } from "../lib/format.js";
import { routeHref } from "../lib/router.js";

export const POLL_MS = 10_000;
const PAGE_SIZE = 25;

/** The filters per business, kept while the tab is open (back from a call, they are still set). */
/** @type {Map<string, { day: string, status: string }>} */
const filtersOf = new Map();

/** @typedef {{ id: string, customerNumber: string | null, status: string, startedAt: string | null, createdAt: string, updatedAt: string, durationSeconds: number | null, summary: string | null, bookingMade: boolean }} Call */

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderCalls(main, { business, signal, announce, fail }) {
  const filters = filtersOf.get(business.id) ?? { day: "", status: "" };
  filtersOf.set(business.id, filters);
  const list = h("ol", { class: "call-list", "aria-label": "Calls, newest first" });
  const more = h("button", { type: "button", class: "button", hidden: true }, "More calls");
  const empty = h("p", { class: "empty", hidden: true });
  /** @type {string | null} */
  let cursor = null;
  /** What is shown, by id: the row and the version of the call it shows. */
  /** @type {Map<string, { row: HTMLElement, updatedAt: string }>} */
  const shown = new Map();

  const query = (/** @type {string | null} */ after) => ({ day: filters.day || undefined, status: filters.status || undefined, limit: String(PAGE_SIZE), cursor: after ?? undefined });
  const load = async (/** @type {string | null} */ after) => /** @type {{ items: Call[], nextCursor: string | null }} */ (await api(businessPath(business.id, "calls"), { signal, query: query(after) }));

  const show = (/** @type {{ items: Call[], nextCursor: string | null }} */ page, /** @type {boolean} */ replace) => {
    if (replace) {
      list.replaceChildren();
      shown.clear();
    }
    for (const call of page.items) {
      const row = callRow(call, business);
      shown.set(call.id, { row, updatedAt: call.updatedAt });
      list.append(row);
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
    empty.hidden = shown.size > 0;
    empty.textContent = filters.day || filters.status ? "No calls match these filters." : "No calls yet. When your receptionist answers a call, it appears here within seconds.";
  };

  const refilter = async () => {
    try {
      show(await load(null), true);
      announce(`${shown.size}${cursor ? " or more" : ""} call${shown.size === 1 ? "" : "s"} shown.`);
    } catch (error) {
      if (!signal.aborted) fail(error);
    }
  };

  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await load(cursor);
      const firstNew = page.items.find((call) => !shown.has(call.id));
      show({ items: page.items.filter((call) => !shown.has(call.id)), nextCursor: page.nextCursor }, false);
      // Keyboard users go on from the first call just added.
      if (firstNew) shown.get(firstNew.id)?.row.querySelector("a")?.focus();
    } catch (error) {
      if (!signal.aborted) fail(error);
    } finally {
      more.disabled = false;
    }
  });

  const dayId = uniqueId("day");
  const statusId = uniqueId("status");
  const day = h("input", { id: dayId, type: "date", value: filters.day, max: todayIn(business.timezone), onchange: () => { filters.day = day.value; void refilter(); } });
  const status = h("select", { id: statusId, onchange: () => { filters.status = status.value; void refilter(); } },
    h("option", { value: "" }, "All statuses"),
    Object.entries(CALL_STATUS_LABELS).map(([value, label]) => h("option", { value, selected: value === filters.status }, label)));
  const clear = h("button", { type: "button", class: "button button-quiet", onclick: () => { filters.day = ""; filters.status = ""; day.value = ""; status.value = ""; void refilter(); } }, "Clear filters");

  const first = await load(null);
  if (signal.aborted) return;
  replaceChildren(
    main,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, "Calls"),
        h("p", { class: "muted" }, `Newest first · times in ${zoneName(business.timezone)} · new calls appear by themselves`))),
    h("form", { class: "filters", role: "search", "aria-label": "Filter calls", onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: dayId }, "Day"), day),
      h("div", { class: "field" }, h("label", { for: statusId }, "Status"), status),
      h("div", { class: "field field-action" }, clear)),
    list,
    empty,
    h("div", { class: "actions actions-center" }, more),
  );
  show(first, true);
  poll();

  /** Every POLL_MS while this view is open: the first page again, merged into what is shown. */
  function poll() {
    const timer = setTimeout(async () => {
      if (signal.aborted) return;
      if (!document.hidden) {
        try {
          const page = await load(null);
          if (signal.aborted) return;
          const added = merge(page.items);
          if (added) announce(`${added} new call${added === 1 ? "" : "s"}.`);
        } catch (error) {
          if (signal.aborted) return;
          // A failed refresh is retried next time; only a refused session stops the page.
          if (error instanceof Error && error.name === "SignedOut") return fail(error);
        }
      }
      poll();
    }, POLL_MS);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  }

  /**
   * @param {Call[]} items the newest page
   * @returns {number} how many calls were new
   */
  function merge(items) {
    let added = 0;
    /** @type {Element | null} */
    let anchor = null;
    for (const call of items) {
      const known = shown.get(call.id);
      if (known) {
        if (known.updatedAt !== call.updatedAt) {
          const row = callRow(call, business);
          known.row.replaceWith(row);
          shown.set(call.id, { row, updatedAt: call.updatedAt });
        }
        anchor = /** @type {HTMLElement} */ (shown.get(call.id)?.row);
        continue;
      }
      const row = callRow(call, business);
      row.classList.add("is-new");
      if (anchor) anchor.after(row);
      else list.prepend(row);
      anchor = row;
      shown.set(call.id, { row, updatedAt: call.updatedAt });
      added += 1;
    }
    empty.hidden = shown.size > 0;
    return added;
  }
}

/**
 * One call in the list: a link to it, reading caller, time, length, status, booked, summary.
 * @param {Call} call
 * @param {import("../app.js").Business} business
 */
function callRow(call, business) {
  const when = call.startedAt ?? call.createdAt;
  return h("li", { class: "call-item", dataset: { callId: call.id } },
    h("a", { class: "call-row", href: routeHref(business.id, "calls", call.id) },
      h("span", { class: "call-main" },
        h("span", { class: "call-caller" }, phone(call.customerNumber)),
        h("time", { class: "call-time", dateTime: when }, dateTime(when, business.timezone))),
      h("span", { class: "call-summary" }, call.summary || (call.status === "ended" ? "No summary" : "Call in progress…")),
      h("span", { class: "call-facts" },
        h("span", { class: `badge badge-status badge-${call.status}` }, callStatus(call.status)),
        call.bookingMade ? h("span", { class: "badge badge-booked" }, "Booked") : h("span", { class: "badge badge-quiet" }, "Not booked"),
        h("span", { class: "call-length" }, h("span", { class: "visually-hidden" }, `Length ${spokenDuration(call.durationSeconds)}`), h("span", { "aria-hidden": "true" }, duration(call.durationSeconds))))));
}
