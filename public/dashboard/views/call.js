// One call: who called and when, how it went (status, length, ended reason), the summary, the
// recording, the booking made on it, and the transcript as a conversation in the order spoken.
// Everything here but the labels came from the caller or VAPI: it is set as text only.
import { api, businessPath } from "../lib/api.js";
import { h, replaceChildren } from "../lib/dom.js";
import { bookingStatus, callStatus, clockTime, dateTime, duration, endedReason, longDay, phone, zoneName } from "../lib/format.js";
import { routeHref } from "../lib/router.js";

const SPEAKERS = { assistant: "Receptionist", user: "Caller", system: "System", tool: "Tool" };

/**
 * @param {HTMLElement} main
 * @param {import("../app.js").ViewContext} context
 */
export async function renderCall(main, { business, route, signal }) {
  const callId = "callId" in route ? route.callId ?? "" : "";
  /** @type {any} */
  const call = await api(businessPath(business.id, `calls/${encodeURIComponent(callId)}`), { signal });
  if (signal.aborted) return;
  const when = call.startedAt ?? call.createdAt;
  replaceChildren(
    main,
    h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" }, h("a", { href: routeHref(business.id, "calls") }, "← All calls")),
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { tabIndex: -1 }, `Call from ${phone(call.customerNumber)}`),
        h("p", { class: "muted" }, h("time", { dateTime: when }, `${longDay(when, business.timezone)} at ${clockTime(when, business.timezone)}`), ` · ${zoneName(business.timezone)}`)),
      h("div", { class: "call-facts" },
        h("span", { class: `badge badge-status badge-${call.status}` }, callStatus(call.status)),
        call.bookingMade ? h("span", { class: "badge badge-booked" }, "Booked") : h("span", { class: "badge badge-quiet" }, "Not booked"))),
    h("div", { class: "call-layout" },
      h("div", { class: "call-side" },
        h("section", { class: "panel", "aria-labelledby": "call-facts-title" },
          h("h2", { id: "call-facts-title", class: "section-title" }, "About this call"),
          h("dl", { class: "facts" },
            fact("Caller", phone(call.customerNumber)),
            fact("Started", dateTime(call.startedAt, business.timezone)),
            fact("Ended", dateTime(call.endedAt, business.timezone)),
            fact("Length", duration(call.durationSeconds)),
            fact("Ended because", endedReason(call.endedReason)),
            call.sentiment && fact("Caller's mood", call.sentiment.charAt(0).toUpperCase() + call.sentiment.slice(1)))),
        h("section", { class: "panel", "aria-labelledby": "summary-title" },
          h("h2", { id: "summary-title", class: "section-title" }, "Summary"),
          h("p", { class: "summary" }, call.summary || "No summary yet.")),
        recording(call.recordingUrl),
        bookings(call.bookings ?? [], business)),
      h("section", { class: "panel transcript-panel", "aria-labelledby": "transcript-title" },
        h("h2", { id: "transcript-title", class: "section-title" }, "Conversation"),
        transcript(call.transcript ?? [], call.fullTranscript))),
  );
}

/**
 * @param {string} term
 * @param {string} value
 */
function fact(term, value) {
  return h("div", { class: "fact" }, h("dt", {}, term), h("dd", {}, value));
}

/**
 * The recording, only from an https address (the CSP plays media from https: only, and a
 * recording link is never shown over http).
 * @param {string | null} url
 */
function recording(url) {
  const safe = typeof url === "string" && /^https:\/\//i.test(url);
  return h("section", { class: "panel", "aria-labelledby": "recording-title" },
    h("h2", { id: "recording-title", class: "section-title" }, "Recording"),
    safe
      ? h("audio", { controls: true, preload: "none", src: url, class: "recording" }, "Your browser cannot play this recording.")
      : h("p", { class: "muted" }, url ? "The recording is not available over a secure link." : "No recording for this call."));
}

/**
 * @param {any[]} items
 * @param {import("../app.js").Business} business
 */
function bookings(items, business) {
  return h("section", { class: "panel", "aria-labelledby": "call-bookings-title" },
    h("h2", { id: "call-bookings-title", class: "section-title" }, items.length > 1 ? "Bookings made on this call" : "Booking made on this call"),
    items.length === 0
      ? h("p", { class: "muted" }, "No booking was made on this call.")
      : h("ul", { class: "booking-cards" }, items.map((booking) =>
          h("li", { class: "booking-card" },
            h("span", { class: "booking-when" }, dateTime(booking.start, business.timezone)),
            h("span", { class: "booking-customer" }, booking.customerName),
            h("span", { class: "muted" }, [booking.customerPhone && phone(booking.customerPhone), booking.customerEmail, `${booking.durationMinutes} min`].filter(Boolean).join(" · ")),
            h("span", { class: `badge badge-booking badge-${booking.status}` }, bookingStatus(booking.status)),
            booking.notes && h("p", { class: "booking-notes" }, booking.notes)))));
}

/**
 * The lines in the order spoken (the API sends them so) as speech bubbles: the receptionist on
 * one side, the caller on the other. Without lines, VAPI's transcript text as it came.
 * @param {{ role: string, text: string, secondsFromStart: number | null, sequence: number }[]} lines
 * @param {string | null} fullTranscript
 */
function transcript(lines, fullTranscript) {
  if (lines.length === 0) {
    return fullTranscript
      ? h("pre", { class: "transcript-text" }, fullTranscript)
      : h("p", { class: "muted" }, "No transcript for this call.");
  }
  return h("ol", { class: "conversation" }, lines.map((line) =>
    h("li", { class: `line line-${line.role}` },
      h("span", { class: "line-who" },
        /** @type {Record<string, string>} */ (SPEAKERS)[line.role] ?? line.role,
        line.secondsFromStart !== null && line.secondsFromStart !== undefined && h("span", { class: "line-at" }, ` ${duration(line.secondsFromStart)}`)),
      h("p", { class: "line-text" }, line.text))));
}
