// Bookings: upcoming (soonest first) or past (latest first), each with its status, customer and
// the call it came from.
import { api, businessPath } from "../lib/api.js";
import { h, replaceChildren } from "../lib/dom.js";
import { bookingStatus, dateTime, phone, zoneName } from "../lib/format.js";
import { routeHref } from "../lib/router.js";

/** Which list the tab showed last, per business. */
/** @type {Map<string, "upcoming" | "past">} */
const whenOf = new Map();

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderBookings(main, { business, signal, fail, announce }) {
  let when = whenOf.get(business.id) ?? "upcoming";
  const list = h("ul", { class: "booking-list" });
  const empty = h("p", { class: "empty", hidden: true });
  const more = h("button", { type: "button", class: "button", hidden: true }, "More bookings");
  /** @type {string | null} */
  let cursor = null;

  const load = async (/** @type {string | null} */ after) =>
    /** @type {{ items: any[], nextCursor: string | null }} */ (await api(businessPath(business.id, "bookings"), { signal, query: { when, cursor: after ?? undefined, limit: "25" } }));
  const show = (/** @type {{ items: any[], nextCursor: string | null }} */ page, /** @type {boolean} */ replace) => {
    if (replace) list.replaceChildren();
    for (const booking of page.items) list.append(bookingRow(booking, business));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    empty.hidden = list.childElementCount > 0;
    empty.textContent = when === "upcoming" ? "No upcoming bookings." : "No past bookings.";
  };

  const toggles = /** @type {const} */ (["upcoming", "past"]).map((value) =>
    h("button", {
      type: "button",
      class: "segment",
      "aria-pressed": String(value === when),
      onclick: async () => {
        if (value === when) return;
        when = value;
        whenOf.set(business.id, when);
        for (const toggle of toggles) toggle.setAttribute("aria-pressed", String(toggle.dataset.when === when));
        try {
          show(await load(null), true);
          announce(`${when === "upcoming" ? "Upcoming" : "Past"} bookings shown.`);
        } catch (error) {
          if (!signal.aborted) fail(error);
        }
      },
      dataset: { when: value },
    }, value === "upcoming" ? "Upcoming" : "Past"));

  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      show(await load(cursor), false);
    } catch (error) {
      if (!signal.aborted) fail(error);
    } finally {
      more.disabled = false;
    }
  });

  const first = await load(null);
  if (signal.aborted) return;
  replaceChildren(
    main,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, "Bookings"),
        h("p", { class: "muted" }, `Appointments your receptionist made · times in ${zoneName(business.timezone)}`)),
      h("div", { class: "segmented", role: "group", "aria-label": "Which bookings" }, toggles)),
    list,
    empty,
    h("div", { class: "actions actions-center" }, more),
  );
  show(first, true);
}

/**
 * @param {any} booking
 * @param {import("../app.js").Business} business
 */
function bookingRow(booking, business) {
  return h("li", { class: "booking-item" },
    h("div", { class: "booking-date" },
      h("time", { dateTime: booking.start }, dateTime(booking.start, business.timezone)),
      h("span", { class: "muted" }, `${booking.durationMinutes} min`)),
    h("div", { class: "booking-who" },
      h("span", { class: "booking-customer" }, booking.customerName),
      h("span", { class: "muted" }, [booking.customerPhone && phone(booking.customerPhone), booking.customerEmail].filter(Boolean).join(" · ") || "No contact details")),
    h("div", { class: "booking-meta" },
      h("span", { class: `badge badge-booking badge-${booking.status}` }, bookingStatus(booking.status)),
      booking.callId
        ? h("a", { class: "link", href: routeHref(business.id, "calls", booking.callId) }, "View the call", h("span", { class: "visually-hidden" }, ` for ${booking.customerName}'s booking`))
        : h("span", { class: "muted" }, "Booked by an operator")));
}
