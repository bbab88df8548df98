import type { BookingView } from "../../lib/bookings/booking-view.js";
import type { Column } from "./format-table.js";
import { formatTime } from "./format-time.js";

/** A booking's time and status in one cell, as the calls list shows it: "2026-03-05 10:00 EST confirmed". */
export function bookingSummary(bookings: BookingView[], zone: string): string {
  const [first, ...more] = bookings;
  if (!first) return "-";
  return `${formatTime(first.start, zone)} ${first.status}${more.length ? ` (+${more.length} more)` : ""}`;
}

/** The columns of a bookings table, times in the business's zone. */
export function bookingColumns(zone: string): Column<BookingView>[] {
  return [
    { header: "BOOKING", cell: (b) => b.id },
    { header: "WHEN", cell: (b) => formatTime(b.start, zone) },
    { header: "LENGTH", cell: (b) => `${b.durationMinutes} min`, align: "right" },
    { header: "STATUS", cell: (b) => b.status },
    { header: "CUSTOMER", cell: (b) => b.customerName, max: 28 },
    { header: "PHONE", cell: (b) => b.customerPhone },
    { header: "CALENDAR", cell: (b) => (b.calendar === "calcom" ? "cal.com" : "built-in") },
    { header: "CALL", cell: (b) => b.callId },
  ];
}
