// Overview: the figures an owner checks first (today, the last 7 days, all time) and the
// calls of the last 30 days as a chart.
import { api, businessPath } from "../lib/api.js";
import { h, replaceChildren } from "../lib/dom.js";
import { duration, percent, zoneName } from "../lib/format.js";
import { routeHref } from "../lib/router.js";
import { callsChart } from "./chart.js";

/** @typedef {{ calls: number, answered: number, missed: number, bookings: number, conversion: number | null, averageDurationSeconds: number | null }} Figures */

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderOverview(main, { business, signal }) {
  /** @type {{ today: Figures, week: Figures, allTime: Figures, days: import("./chart.js").Day[] }} */
  const overview = await api(businessPath(business.id, "overview"), { signal });
  if (signal.aborted) return;
  const { today, week, allTime } = overview;
  /** @type {[string, (f: Figures) => string, string][]} */
  const cards = [
    ["Calls", (f) => String(f.calls), "calls"],
    ["Answered", (f) => String(f.answered), "answered"],
    ["Missed", (f) => String(f.missed), "missed"],
    ["Bookings made", (f) => String(f.bookings), "bookings"],
    ["Conversion", (f) => percent(f.conversion), "conversion"],
    ["Average length", (f) => duration(f.averageDurationSeconds), "length"],
  ];
  replaceChildren(
    main,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, "Overview"),
        h("p", { class: "muted" }, `${business.name} · ${zoneName(business.timezone)}`)),
      h("a", { class: "button", href: routeHref(business.id, "calls") }, "See all calls")),
    h("section", { "aria-labelledby": "figures-title" },
      h("h2", { id: "figures-title", class: "section-title" }, "Last 7 days"),
      h("ul", { class: "stats" },
        cards.map(([label, value, kind]) =>
          h("li", { class: `stat stat-${kind}` },
            h("span", { class: "stat-label" }, label),
            h("span", { class: "stat-value" }, value(week)),
            h("span", { class: "stat-sub" }, `Today ${value(today)} · All time ${value(allTime)}`))))),
    h("section", { class: "panel", "aria-labelledby": "chart-title" },
      h("div", { class: "panel-head" },
        h("h2", { id: "chart-title", class: "section-title" }, "Calls per day"),
        h("span", { class: "muted" }, "Last 30 days")),
      // The panel's inner width: main's less its padding and the panel's padding and border.
      callsChart(overview.days, main.clientWidth - 66)),
  );
}
