// Calendar: where the receptionist books (Cal.com or the built-in calendar), the Cal.com
// account and its state, the event type calls book by default, and — for owners — the button
// that starts Cal.com's consent flow for this business. Cal.com sends the owner back to
// /dashboard/?calcom=<outcome>#/b/<id>/calendar, and the outcome is shown here.
import { api, ApiError, businessPath } from "../lib/api.js";
import { h, replaceChildren, uniqueId } from "../lib/dom.js";

const STATUS = {
  connected: ["Connected", "badge-ok"],
  not_connected: ["Not connected", "badge-quiet"],
  needs_reconnect: ["Needs reconnecting", "badge-warn"],
};
const OUTCOMES = {
  connected: "Cal.com is connected. Your receptionist now offers your free times and books straight into your Cal.com calendar.",
};

/** @typedef {{ provider: "builtin" | "calcom", status: keyof typeof STATUS, account: { email: string | null, name: string | null } | null, defaultEventTypeId: number | null, eventTypes: { id: number, title: string, lengthMinutes: number }[], canEdit: boolean }} CalendarView */

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderCalendar(main, { business, signal, announce, fail, calcomOutcome }) {
  /** @type {CalendarView} */
  const calendar = await api(businessPath(business.id, "calendar"), { signal });
  if (signal.aborted) return;
  const [statusText, statusClass] = STATUS[calendar.status] ?? [calendar.status, "badge-quiet"];
  const owner = calendar.canEdit;
  const connectMessage = h("p", { class: "form-message", role: "status" });
  const connect = h("button", {
    type: "button",
    class: "button button-primary",
    onclick: async () => {
      connect.disabled = true;
      connectMessage.textContent = "Opening Cal.com…";
      try {
        const { url } = await api(businessPath(business.id, "calendar/connect"), { method: "POST", signal });
        location.assign(url);
      } catch (error) {
        connect.disabled = false;
        connectMessage.textContent = "";
        if (error instanceof ApiError && error.status < 500 && error.status !== 404) connectMessage.textContent = error.message;
        else if (!signal.aborted) fail(error);
      }
    },
  }, calendar.status === "not_connected" ? "Connect Cal.com" : "Reconnect Cal.com");

  const outcome = calcomOutcome && (/** @type {Record<string, string>} */ (OUTCOMES)[calcomOutcome] ?? `Cal.com answered: ${calcomOutcome}.`);
  replaceChildren(
    main,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, "Calendar"),
        h("p", { class: "muted" }, "Where your receptionist books appointments."))),
    outcome && h("p", { class: `alert ${calcomOutcome === "connected" ? "alert-success" : "alert-info"}`, role: "status" }, outcome),
    calendar.status === "needs_reconnect" && h("p", { class: "alert alert-warn" }, "Cal.com no longer accepts the receptionist's access, so callers cannot book. Connect Cal.com again to fix it."),
    h("section", { class: "panel", "aria-labelledby": "calcom-title" },
      h("div", { class: "panel-head" },
        h("h2", { id: "calcom-title", class: "section-title" }, "Cal.com"),
        h("span", { class: `badge ${statusClass}` }, statusText)),
      h("dl", { class: "facts" },
        h("div", { class: "fact" }, h("dt", {}, "Books into"), h("dd", {}, calendar.provider === "calcom" ? "Your Cal.com calendar" : "The receptionist's built-in calendar")),
        calendar.account && h("div", { class: "fact" }, h("dt", {}, "Account"), h("dd", {}, [calendar.account.name, calendar.account.email].filter(Boolean).join(" · ") || "—"))),
      owner
        ? h("div", { class: "actions" }, connect, connectMessage)
        : h("p", { class: "muted" }, "Only the business's owner can connect Cal.com.")),
    calendar.eventTypes.length > 0 && eventTypeChoice(calendar, business, { signal, announce, fail }),
  );
}

/**
 * The event type a call books when the caller names none.
 * @param {CalendarView} calendar
 * @param {import("../app.js").Business} business
 * @param {{ signal: AbortSignal, announce: (text: string) => void, fail: (error: unknown) => void }} context
 */
function eventTypeChoice(calendar, business, { signal, announce, fail }) {
  const id = uniqueId("event-type");
  const errorId = `${id}-error`;
  const select = h("select", { id, disabled: !calendar.canEdit, "aria-describedby": errorId },
    calendar.defaultEventTypeId === null && h("option", { value: "" }, "Choose an event type"),
    calendar.eventTypes.map((type) => h("option", { value: String(type.id), selected: type.id === calendar.defaultEventTypeId }, `${type.title} (${type.lengthMinutes} min)`)));
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const message = h("p", { class: "form-message", role: "status" });
  const save = h("button", { type: "submit", class: "button" }, "Save");
  return h("section", { class: "panel", "aria-labelledby": "event-type-title" },
    h("h2", { id: "event-type-title", class: "section-title" }, "Default event type"),
    h("form", {
      class: "form inline-form",
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        error.hidden = true;
        if (!select.value) return;
        save.disabled = true;
        try {
          await api(businessPath(business.id, "calendar/default-event-type"), { method: "PUT", body: { eventTypeId: Number(select.value) }, signal });
          message.textContent = "Saved.";
          announce("Default event type saved.");
        } catch (caught) {
          if (caught instanceof ApiError && (caught.status === 400 || caught.status === 403)) {
            error.hidden = false;
            error.textContent = caught.fieldErrors().get("eventTypeId") ?? caught.message;
          } else if (!signal.aborted) fail(caught);
        } finally {
          save.disabled = false;
        }
      },
    },
      h("div", { class: "field" }, h("label", { for: id, class: "field-label" }, "Calls book"), select, error),
      calendar.canEdit && h("div", { class: "actions" }, save, message)));
}
