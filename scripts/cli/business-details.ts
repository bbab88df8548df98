import type { BusinessView } from "../../lib/businesses/business-view.js";
import { formatDetails } from "./format-details.js";
import { formatTime } from "./format-time.js";
import { formatHoursText } from "./hours-text.js";

/** Which calendar a business books into, in a word. */
export function calendarOf(business: BusinessView): string {
  return { not_connected: "built-in", connected: "cal.com", needs_reconnect: "cal.com (reconnect)" }[business.calcomStatus];
}

/** One business, every setting on its own line. */
export function businessDetails(business: BusinessView): string {
  const zone = business.timezone;
  return formatDetails([
    ["ID", business.id],
    ["Name", business.name],
    ["Phone", business.phoneNumber],
    ["Active", business.active ? "yes" : "no"],
    ["Time zone", zone],
    ["Hours", formatHoursText(business.businessHours)],
    ["Greeting", business.greeting],
    ["Fallback number", business.fallbackTransferNumber],
    ["Slot length", `${business.slotMinutes} min`],
    ["VAPI phone number id", business.vapiPhoneNumberId],
    ["VAPI assistant id", business.vapiAssistantId],
    ["Calendar", calendarOf(business)],
    ["Default event type", business.calcomDefaultEventTypeId === null ? null : String(business.calcomDefaultEventTypeId)],
    ["Created", formatTime(business.createdAt, zone)],
    ["Updated", formatTime(business.updatedAt, zone)],
  ]);
}
