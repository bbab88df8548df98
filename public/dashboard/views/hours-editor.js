// The weekly opening-hours editor: per weekday, closed or one or more opening spans (a lunch
// break is two). Hours are the business's local time, as the API stores them:
// {"mon": [{"open": "09:00", "close": "17:00"}]}, a missing day closed.
import { h, uniqueId } from "../lib/dom.js";

export const WEEKDAYS = /** @type {const} */ (["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const DAY_NAMES = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

/** @typedef {typeof WEEKDAYS[number]} Weekday */
/** @typedef {Partial<Record<Weekday, { open: string, close: string }[]>>} BusinessHours */

/**
 * @param {BusinessHours} initial
 * @param {{ disabled: boolean }} options
 */
export function hoursEditor(initial, { disabled }) {
  /** @type {Map<Weekday, { list: HTMLElement, error: HTMLElement, add: HTMLButtonElement, closed: HTMLElement }>} */
  const days = new Map();

  const element = h("fieldset", { class: "hours", disabled },
    h("legend", { class: "field-label" }, "Opening hours"),
    h("p", { class: "hint" }, "Your receptionist offers appointments and tells callers when you are open from these hours. A day without hours is closed. Closing at 00:00 means midnight."),
    WEEKDAYS.map((day) => {
      const list = h("div", { class: "spans" });
      const closed = h("span", { class: "closed" }, "Closed");
      const error = h("p", { class: "field-error", id: uniqueId(`hours-${day}-error`), hidden: true });
      const add = h("button", { type: "button", class: "button button-small", "aria-label": `Add opening hours on ${DAY_NAMES[day]}`, onclick: () => addSpan(day, { open: "09:00", close: "17:00" }, true) }, "Add hours");
      days.set(day, { list, error, add, closed });
      return h("div", { class: "day", role: "group", "aria-labelledby": `day-${day}` },
        h("span", { class: "day-name", id: `day-${day}` }, DAY_NAMES[day]),
        h("div", { class: "day-body" }, closed, list, error),
        // Read-only (staff): the hours without buttons that would do nothing.
        !disabled && h("div", { class: "day-add" }, add));
    }));

  for (const day of WEEKDAYS) for (const span of initial[day] ?? []) addSpan(day, span, false);
  for (const day of WEEKDAYS) refresh(day);

  /**
   * @param {Weekday} day
   * @param {{ open: string, close: string }} span
   * @param {boolean} focus
   */
  function addSpan(day, span, focus) {
    const parts = days.get(day);
    if (!parts) return;
    const openId = uniqueId(`open-${day}`);
    const closeId = uniqueId(`close-${day}`);
    const open = h("input", { type: "time", id: openId, value: span.open, required: true, class: "time-open", "aria-describedby": parts.error.id });
    // <input type="time"> stops at 23:59: midnight at the end of the day ("24:00") shows as 00:00.
    const close = h("input", { type: "time", id: closeId, value: span.close === "24:00" ? "00:00" : span.close, required: true, class: "time-close", "aria-describedby": parts.error.id });
    const row = h("div", { class: "span" },
      h("div", { class: "time-field" }, h("label", { for: openId }, h("span", { class: "visually-hidden" }, `${DAY_NAMES[day]} `), "Opens"), open),
      h("div", { class: "time-field" }, h("label", { for: closeId }, h("span", { class: "visually-hidden" }, `${DAY_NAMES[day]} `), "Closes"), close),
      !disabled && h("button", {
        type: "button",
        class: "button button-small button-quiet button-remove",
        "aria-label": `Remove these ${DAY_NAMES[day]} hours`,
        title: "Remove these hours",
        onclick: () => {
          row.remove();
          refresh(day);
          parts.add.focus();
        },
      }, h("span", { "aria-hidden": "true" }, "✕"), h("span", { class: "remove-text", "aria-hidden": "true" }, "Remove")));
    parts.list.append(row);
    refresh(day);
    if (focus) open.focus();
  }

  /** @param {Weekday} day */
  function refresh(day) {
    const parts = days.get(day);
    if (parts) parts.closed.hidden = parts.list.childElementCount > 0;
  }

  return {
    element,
    /** @returns {BusinessHours} */
    value() {
      /** @type {BusinessHours} */
      const hours = {};
      for (const [day, { list }] of days) {
        const spans = [...list.querySelectorAll(".span")].map((row) => ({
          open: /** @type {HTMLInputElement} */ (row.querySelector(".time-open")).value,
          close: toClose(/** @type {HTMLInputElement} */ (row.querySelector(".time-close")).value),
        }));
        if (spans.length) hours[day] = spans;
      }
      return hours;
    },
    /** @param {Map<string, string>} errors by weekday */
    showErrors(errors) {
      for (const [day, { error, list }] of days) {
        const message = errors.get(day);
        error.hidden = !message;
        error.textContent = message ? `${DAY_NAMES[day]}: ${message}` : "";
        for (const input of list.querySelectorAll("input")) {
          if (message) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
        }
      }
    },
    /** @param {string} day */
    focusDay(day) {
      const parts = days.get(/** @type {Weekday} */ (day));
      /** @type {HTMLElement | null | undefined} */ (parts?.list.querySelector("input") ?? parts?.add)?.focus();
    },
  };
}

/** @param {string} value */
function toClose(value) {
  return value === "00:00" ? "24:00" : value;
}
