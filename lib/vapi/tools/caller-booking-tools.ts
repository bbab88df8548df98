import { z } from "zod";
import { cancelCallerBooking, findCallerBookings, rescheduleCallerBooking, type Caller } from "../../calendar/manage-caller-bookings.js";
import type { Booking } from "../../db/booking-row.js";
import { isoInZone, localDateAt } from "../../scheduling/local-day.js";
import { spokenDate } from "../../scheduling/spoken-date.js";
import { spokenTime } from "../../scheduling/spoken-time.js";
import { spokenList } from "./spoken-times.js";
import { CALENDAR_FALLBACK, type ToolContext } from "./tool-context.js";

const NO_CALLER_ID = "I can only look up appointments booked from the number you're calling from, and I can't see that number. I can take a message for the team instead.";

/** Bookings are found by caller ID only: never by a name or email said on the phone. */
function callerOf(context: ToolContext): Caller | undefined {
  return context.call.customerNumber ? { businessId: context.business.id, phone: context.call.customerNumber } : undefined;
}

function when(booking: Booking, context: ToolContext): string {
  const zone = context.business.timezone;
  return `${spokenDate(localDateAt(booking.start, zone), zone, context.now)} at ${spokenTime(booking.start, zone)}`;
}

/** The caller's booking a tool means: the only one, or the one at the local time (or on the day)
 *  they name; otherwise a question back. */
async function chosenBooking(context: ToolContext, caller: Caller, at: unknown): Promise<Booking | string> {
  const found = await findCallerBookings(context.db, caller, context.now);
  const bookings = found.kind === "ok" ? found.bookings : [];
  if (bookings.length === 0) return "I don't see any upcoming appointment booked from this number.";
  const all = `You have ${bookings.length === 1 ? "an appointment" : "appointments"} on ${spokenList(bookings.map((b) => when(b, context)), "and")}.`;
  if (typeof at !== "string" || at.trim() === "") return bookings.length === 1 ? (bookings[0] as Booking) : `${all} Which one do you mean?`;
  // A named time must match: never act on another appointment than the one the caller means.
  const local = (b: Booking) => isoInZone(b.start, context.business.timezone);
  const named = bookings.filter((b) => local(b).startsWith(at.trim().slice(0, at.includes("T") ? 16 : 10)));
  return named.length === 1 ? (named[0] as Booking) : `${all} Which one do you mean?`;
}

/** findBooking: the caller's upcoming appointments at this business. */
export async function findBookingTool(context: ToolContext): Promise<string> {
  const caller = callerOf(context);
  if (!caller) return NO_CALLER_ID;
  const found = await findCallerBookings(context.db, caller, context.now);
  const bookings = found.kind === "ok" ? found.bookings : [];
  if (bookings.length === 0) return "I don't see any upcoming appointment booked from this number.";
  return `You have ${bookings.length === 1 ? "an appointment" : "appointments"} on ${spokenList(bookings.map((b) => when(b, context)), "and")}.`;
}

const CancelArgs = z.object({ bookingDateTime: z.string().max(40).optional() });

/** cancelBooking: cancels the caller's appointment (the only one, or the one they name). */
export async function cancelBookingTool(context: ToolContext, args: Record<string, unknown>): Promise<string> {
  const caller = callerOf(context);
  if (!caller) return NO_CALLER_ID;
  const booking = await chosenBooking(context, caller, CancelArgs.safeParse(args).data?.bookingDateTime);
  if (typeof booking === "string") return booking;
  const result = await cancelCallerBooking(context.db, caller, booking.id, context.now, context.deadline);
  if (result.kind === "cancelled") return `Your appointment on ${when(booking, context)} is cancelled.`;
  return result.kind === "not_found" ? "I don't see that appointment any more." : CALENDAR_FALLBACK;
}

const RescheduleArgs = z.object({ newDateTime: z.string().max(40), bookingDateTime: z.string().max(40).optional() });

/** rescheduleBooking: moves the caller's appointment to a free time. */
export async function rescheduleBookingTool(context: ToolContext, args: Record<string, unknown>): Promise<string> {
  const caller = callerOf(context);
  if (!caller) return NO_CALLER_ID;
  const parsed = RescheduleArgs.safeParse(args);
  if (!parsed.success || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(parsed.data.newDateTime)) return "Which day and time would you like to move it to?";
  const booking = await chosenBooking(context, caller, parsed.data.bookingDateTime);
  if (typeof booking === "string") return booking;
  const result = await rescheduleCallerBooking(context.db, caller, booking.id, parsed.data.newDateTime.slice(0, 16), context.now, context.deadline);
  switch (result.kind) {
    case "rescheduled":
      return `Done: your appointment is now on ${when(result.booking, context)}.`;
    case "slot_unavailable":
      return result.alternatives.length
        ? `That time isn't available. I can offer ${spokenList(result.alternatives.map((a) => a.label))} instead. (For booking: ${result.alternatives.map((a) => a.start.slice(0, 16)).join(", ")}.)`
        : "That time isn't available. Would another day work?";
    case "not_found":
      return "I don't see that appointment any more.";
    default:
      return CALENDAR_FALLBACK;
  }
}
