// Calls per day for 30 days as an SVG bar chart, drawn with DOM calls (no library, no HTML
// strings): answered and missed calls stacked per day. The chart has a title and a description
// for screen readers, each day a tooltip, and the numbers are also there as a table.
import { h, svg } from "../lib/dom.js";
import { calendarDay } from "../lib/format.js";

const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 34 };

/** @typedef {{ day: string, calls: number, answered: number, missed: number, bookings: number }} Day */

/**
 * @param {Day[]} days oldest first, ending today
 * @param {number} width the width it is shown at: drawn in that many units, so its text is
 *   the stylesheet's size on a phone and on a desktop alike
 * @returns {HTMLElement}
 */
export function callsChart(days, width) {
  const WIDTH = Math.round(Math.min(1200, Math.max(280, width)));
  const total = days.reduce((sum, d) => sum + d.calls, 0);
  const busiest = days.reduce((best, d) => (d.calls > (best?.calls ?? -1) ? d : best), days[0]);
  const top = niceMax(Math.max(0, ...days.map((d) => d.calls)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const step = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.max(2, step * 0.68);
  const y = (/** @type {number} */ value) => MARGIN.top + plotHeight - (value / top) * plotHeight;

  const titleId = "calls-chart-title";
  const descId = "calls-chart-desc";
  const first = days[0];
  const last = days[days.length - 1];
  const description = total === 0
    ? "No calls in the last 30 days."
    : `${total} call${total === 1 ? "" : "s"} from ${first && calendarDay(first.day)} to ${last && calendarDay(last.day)}; the busiest day was ${busiest && calendarDay(busiest.day)} with ${busiest?.calls}.`;

  const grid = [0, top / 2, top].map((value) =>
    svg("g", { class: "chart-grid" },
      svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }),
      svg("text", { x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end", class: "chart-axis" }, formatTick(value))));

  const bars = days.map((day, index) => {
    const x = MARGIN.left + index * step + (step - barWidth) / 2;
    const other = Math.max(0, day.calls - day.answered - day.missed);
    const parts = [["answered", day.answered], ["missed", day.missed], ["other", other]];
    let base = 0;
    const rects = parts.filter(([, n]) => Number(n) > 0).map(([kind, n]) => {
      const rect = svg("rect", { x, y: y(base + Number(n)), width: barWidth, height: Math.max(0, y(base) - y(base + Number(n))), rx: 2, class: `bar bar-${kind}` });
      base += Number(n);
      return rect;
    });
    // Today and every 7th day before it.
    const label = (days.length - 1 - index) % 7 === 0;
    return svg("g", { class: "chart-day" },
      svg("title", {}, dayText(day)),
      // An invisible full-height target, so a small bar is as easy to point at as a tall one.
      svg("rect", { x: MARGIN.left + index * step, y: MARGIN.top, width: step, height: plotHeight, class: "bar-target" }),
      rects,
      // The last label ends at its bar, so "Today" is not cut off at the edge.
      label && (index === days.length - 1
        ? svg("text", { x: x + barWidth, y: HEIGHT - 8, "text-anchor": "end", class: "chart-axis" }, "Today")
        : svg("text", { x: x + barWidth / 2, y: HEIGHT - 8, "text-anchor": "middle", class: "chart-axis" }, calendarDay(day.day))));
  });

  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", role: "img", "aria-labelledby": `${titleId} ${descId}`, preserveAspectRatio: "xMidYMid meet" },
    svg("title", { id: titleId }, "Calls per day, last 30 days"),
    svg("desc", { id: descId }, description),
    grid,
    bars,
    total === 0 && svg("text", { x: MARGIN.left + plotWidth / 2, y: MARGIN.top + plotHeight / 2, "text-anchor": "middle", class: "chart-empty" }, "No calls yet"));

  return h("figure", { class: "chart-figure" },
    chart,
    h("figcaption", { class: "chart-legend" },
      h("span", { class: "legend-item" }, h("span", { class: "swatch swatch-answered", "aria-hidden": "true" }), "Answered"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch swatch-missed", "aria-hidden": "true" }), "Missed"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch swatch-other", "aria-hidden": "true" }), "Not ended yet")),
    h("details", { class: "chart-table" },
      h("summary", {}, "Show the numbers"),
      h("div", { class: "table-scroll" },
        h("table", {},
          h("caption", { class: "visually-hidden" }, "Calls per day, last 30 days"),
          h("thead", {}, h("tr", {}, ["Day", "Calls", "Answered", "Missed", "Bookings"].map((name) => h("th", { scope: "col" }, name)))),
          h("tbody", {}, [...days].reverse().map((day) =>
            h("tr", {}, h("th", { scope: "row" }, calendarDay(day.day, { weekday: "short", month: "short", day: "numeric" })), h("td", {}, day.calls), h("td", {}, day.answered), h("td", {}, day.missed), h("td", {}, day.bookings))))))));
}

/** @param {Day} day */
function dayText(day) {
  const date = calendarDay(day.day, { weekday: "short", month: "short", day: "numeric" });
  return `${date}: ${day.calls} call${day.calls === 1 ? "" : "s"} (${day.answered} answered, ${day.missed} missed), ${day.bookings} booking${day.bookings === 1 ? "" : "s"}`;
}

/**
 * A round top for the axis whose half is round too: 4, 6, 8, 10, 20, 40 …
 * @param {number} value
 */
function niceMax(value) {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 4, 6, 8, 10]) if (value <= factor * magnitude) return factor * magnitude;
  return 10 * magnitude;
}

/** @param {number} value */
function formatTick(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
