// Settings: what the owner may change (RLS decides; the API says so in canEdit): name, greeting,
// time zone, opening hours, fallback number, appointment length. The API checks each field with
// the operator API's rules; what it refuses is shown next to the field it names. Staff see the
// same form, read-only.
import { api, ApiError, businessPath } from "../lib/api.js";
import { h, replaceChildren, uniqueId } from "../lib/dom.js";
import { hoursEditor } from "./hours-editor.js";

/** @typedef {{ name: string, greeting: string | null, timezone: string, businessHours: import("./hours-editor.js").BusinessHours, fallbackTransferNumber: string | null, slotMinutes: number, canEdit: boolean }} Settings */

const FIELDS = /** @type {const} */ (["name", "greeting", "timezone", "fallbackTransferNumber", "slotMinutes"]);

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderSettings(main, { business, signal, announce, fail }) {
  /** @type {Settings} */
  let saved = await api(businessPath(business.id, "settings"), { signal });
  if (signal.aborted) return;
  const readOnly = !saved.canEdit;

  /** @type {Map<string, { input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, error: HTMLElement }>} */
  const fields = new Map();
  /**
   * @param {typeof FIELDS[number]} name
   * @param {string} label
   * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} input
   * @param {string} [hint]
   */
  const field = (name, label, input, hint) => {
    const id = uniqueId(name);
    const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const hintNode = hint && h("p", { class: "hint", id: `${id}-hint` }, hint);
    input.id = id;
    input.name = name;
    input.disabled = readOnly;
    input.setAttribute("aria-describedby", [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(" "));
    fields.set(name, { input, error });
    return h("div", { class: "field" }, h("label", { for: id, class: "field-label" }, label), hintNode, input, error);
  };

  const zones = timeZones(saved.timezone);
  const hours = hoursEditor(saved.businessHours, { disabled: readOnly });
  const formError = h("p", { class: "alert alert-error", role: "alert", hidden: true });
  const status = h("p", { class: "form-message", role: "status" });
  const save = h("button", { type: "submit", class: "button button-primary" }, "Save changes");

  const form = h("form", { class: "form settings", novalidate: true, onsubmit: (/** @type {SubmitEvent} */ event) => void submit(event) },
    readOnly && h("p", { class: "alert alert-info" }, "You can see these settings; only the business's owner can change them."),
    formError,
    h("div", { class: "panel form-grid" },
      h("h2", { class: "section-title" }, "Business"),
      field("name", "Business name", h("input", { type: "text", required: true, maxLength: 200, autocomplete: "organization" }), "How your receptionist names the business."),
      field("greeting", "Greeting", h("textarea", { rows: 3, maxLength: 1000 }), "The first words callers hear. Leave empty for the standard greeting with your business's name."),
      field("timezone", "Time zone", h("select", {}, zones.map((zone) => h("option", { value: zone }, zone.replace(/_/g, " ")))), "Opening hours, appointments and every time on this dashboard are in this zone."),
      field("fallbackTransferNumber", "Transfer number", h("input", { type: "tel", autocomplete: "tel", placeholder: readOnly ? "None" : "+15551234567", inputmode: "tel" }), "Where callers are put through when the receptionist cannot help, in international format (+1…). Leave empty for none."),
      field("slotMinutes", "Appointment length (minutes)", h("input", { type: "number", min: 5, max: 480, step: 5, inputmode: "numeric" }), "For the built-in calendar, 5 to 480 minutes. With Cal.com, the event type's length counts.")),
    h("div", { class: "panel" }, hours.element),
    !readOnly && h("div", { class: "actions" }, save, status),
  );
  fill(saved);

  replaceChildren(
    main,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, "Settings"),
        h("p", { class: "muted" }, readOnly ? "Read-only: your role is staff." : "Changes apply from the next call."))),
    form,
  );

  /** @param {Settings} settings */
  function fill(settings) {
    const values = { ...settings, greeting: settings.greeting ?? "", fallbackTransferNumber: settings.fallbackTransferNumber ?? "", slotMinutes: String(settings.slotMinutes) };
    for (const name of FIELDS) {
      const entry = fields.get(name);
      if (entry) entry.input.value = values[name];
    }
  }

  /** What differs from what is saved: the PATCH sends only that. */
  function changes() {
    /** @type {Record<string, unknown>} */
    const body = {};
    const value = (/** @type {string} */ name) => fields.get(name)?.input.value ?? "";
    if (value("name").trim() !== saved.name) body.name = value("name").trim();
    const greeting = value("greeting").trim() || null;
    if (greeting !== saved.greeting) body.greeting = greeting;
    if (value("timezone") !== saved.timezone) body.timezone = value("timezone");
    const transfer = value("fallbackTransferNumber").replace(/[\s()-]/g, "") || null;
    if (transfer !== saved.fallbackTransferNumber) body.fallbackTransferNumber = transfer;
    // A number the API can refuse by name, not a NaN it cannot read.
    const slot = value("slotMinutes").trim();
    if (slot !== String(saved.slotMinutes)) body.slotMinutes = /^\d+$/.test(slot) ? Number(slot) : slot;
    const businessHours = hours.value();
    if (JSON.stringify(businessHours) !== JSON.stringify(normalised(saved.businessHours))) body.businessHours = businessHours;
    return body;
  }

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    showErrors(new Map());
    const body = changes();
    if (Object.keys(body).length === 0) {
      status.textContent = "Nothing to save: no changes.";
      return;
    }
    save.disabled = true;
    status.textContent = "Saving…";
    try {
      saved = await api(businessPath(business.id, "settings"), { method: "PATCH", body, signal });
      fill(saved);
      status.textContent = "Saved. Your receptionist uses these settings from the next call.";
      announce("Settings saved.");
    } catch (error) {
      status.textContent = "";
      if (error instanceof ApiError && error.status === 400) showErrors(error.fieldErrors());
      else if (error instanceof ApiError && error.status === 403) showErrors(new Map([["", "Only the business's owner can change these settings."]]));
      else if (!signal.aborted) fail(error);
    } finally {
      save.disabled = false;
    }
  }

  /**
   * Each message beside the field it names; opening hours per weekday; the rest above the form.
   * @param {Map<string, string>} errors "businessHours.mon.0.close" → "must be HH:MM (24-hour)"
   */
  function showErrors(errors) {
    /** @type {Map<string, string>} */
    const byField = new Map();
    /** @type {Map<string, string>} */
    const byDay = new Map();
    /** @type {string[]} */
    const general = [];
    for (const [path, said] of errors) {
      const message = plainWords(said);
      const [head, day] = path.split(".");
      if (head === "businessHours" && day) byDay.set(day, byDay.has(day) ? `${byDay.get(day)}; ${message}` : message);
      else if (head && fields.has(head)) byField.set(head, message);
      else general.push(path ? `${path}: ${message}` : message);
    }
    for (const [name, { input, error }] of fields) {
      const message = byField.get(name);
      error.hidden = !message;
      error.textContent = message ?? "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    hours.showErrors(byDay);
    formError.hidden = general.length === 0 && byField.size === 0 && byDay.size === 0;
    formError.textContent = general.length ? general.join(" ") : "Some settings need a fix before they can be saved; see the fields marked below.";
    // Keyboard users land on the first field to fix.
    const [firstField] = byField.keys();
    const [firstDay] = byDay.keys();
    if (firstField) fields.get(firstField)?.input.focus();
    else if (firstDay) hours.focusDay(firstDay);
  }
}

/**
 * zod's wording for an empty required text, as a person says it; any other message as the API
 * gave it (it already names what is wrong).
 * @param {string} message
 */
function plainWords(message) {
  return /^Too small: expected string to have >=1 characters?$/.test(message) ? "Required." : message;
}

/**
 * The hours as the editor gives them back (weekday order, days without spans left out), so an
 * untouched editor counts as no change.
 * @param {import("./hours-editor.js").BusinessHours} hours
 */
function normalised(hours) {
  /** @type {import("./hours-editor.js").BusinessHours} */
  const result = {};
  for (const day of /** @type {const} */ (["mon", "tue", "wed", "thu", "fri", "sat", "sun"])) {
    const spans = hours[day];
    if (spans?.length) result[day] = spans.map(({ open, close }) => ({ open, close }));
  }
  return result;
}

/**
 * Every zone the browser knows, with the saved one sure to be there.
 * @param {string} current
 */
function timeZones(current) {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return known.includes(current) ? known : [current, ...known];
}
