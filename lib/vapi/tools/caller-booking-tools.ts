import { z } from "zod";
import { cancelCallerBooking, rescheduleCallerBooking, type Caller } from "../../calendar/manage-caller-bookings.js";
import type { Booking } from "../../db/booking-row.js";
import type { CallerBookings } from "../../db/caller-booking-queries.js";
import { isoInZone, localDateAt } from "../../scheduling/local-day.js";
import { spokenDate } from "../../scheduling/spoken-date.js";
import { spokenTime } from "../../scheduling/spoken-time.js";
import { spokenList } from "./spoken-times.js";
import { calendarDayFor } from "./calendar-day-for.js";
import { CALENDAR_FALLBACK, kept, type ToolAnswer, type ToolContext } from "./tool-context.js";

const NO_CALLER_ID = "I can only look up appointments booked from the number you're calling from, and I can't see that number. I can take a message for the team instead.";

/** Bookings are found by caller ID only: never by a name or email said on the phone. */
function callerOf(context: ToolContext): Caller | undefined {
  return context.call.customerNumber ? { businessId: context.business.id, phone: context.call.customerNumber } : undefined;
}

function when(start: Date, context: ToolContext): string {
  const zone = context.business.timezone;
  return `${spokenDate(localDateAt(start, zone), zone, context.now)} at ${spokenTime(start, zone)}`;
}

/** The caller's bookings, as read with the call's context (or afresh after a change earlier in
 *  the same message). */
async function callerBookingsOf(context: ToolContext, caller: Caller): Promise<CallerBookings> {
  const { business, calendar } = context;
  if (calendar.callerBookings) return { business, calcom: calendar.calcom, bookings: calendar.callerBookings };
  return (await context.db.callerBookings({ ...caller, from: context.now })) ?? { business, calcom: calendar.calcom, bookings: [] };
}

/** The caller's booking a tool means: the only one, or the one at the local time (or on the day)
 *  they name; otherwise a question back. */
function chosenBooking(context: ToolContext, bookings: Booking[], at: unknown): Booking | string {
  if (bookings.length === 0) return "I don't see any upcoming appointment booked from this number.";
  const all = `You have ${bookings.length === 1 ? "an appointment" : "appointments"} on ${spokenList(bookings.map((b) => when(b.start, context)), "and")}.`;
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
  const { bookings } = await callerBookingsOf(context, caller);
  if (bookings.length === 0) return "I don't see any upcoming appointment booked from this number.";
  return `You have ${bookings.length === 1 ? "an appointment" : "appointments"} on ${spokenList(bookings.map((b) => when(b.start, context)), "and")}.`;
}

const CancelArgs = z.object({ bookingDateTime: z.string().max(40).optional() });

/** cancelBooking: cancels the caller's appointment (the only one, or the one they name). */
export async function cancelBookingTool(context: ToolContext, args: Record<string, unknown>, toolCallId: string): Promise<ToolAnswer> {
  const caller = callerOf(context);
  if (!caller) return NO_CALLER_ID;
  const known = await callerBookingsOf(context, caller);
  const booking = chosenBooking(context, known.bookings, CancelArgs.safeParse(args).data?.bookingDateTime);
  if (typeof booking === "string") return booking;
  const said = `Your appointment on ${when(booking.start, context)} is cancelled.`;
  const answer = () => ({ callId: context.call.id, toolCallId, name: "cancelBooking", result: said });
  const result = await cancelCallerBooking(context.db, caller, booking.id, context.now, { deadline: context.deadline, known, answer });
  if (result.kind === "cancelled") return kept(said);
  return result.kind === "not_found" ? "I don't see that appointment any more." : CALENDAR_FALLBACK;
}

const RescheduleArgs = z.object({ newDateTime: z.string().max(40), bookingDateTime: z.string().max(40).optional() });

/** rescheduleBooking: moves the caller's appointment to a free time. */
export async function rescheduleBookingTool(context: ToolContext, args: Record<string, unknown>, toolCallId: string): Promise<ToolAnswer> {
  const caller = callerOf(context);
  if (!caller) return NO_CALLER_ID;
  const parsed = RescheduleArgs.safeParse(args);
  if (!parsed.success || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(parsed.data.newDateTime)) return "Which day and time would you like to move it to?";
  const known = await callerBookingsOf(context, caller);
  const booking = chosenBooking(context, known.bookings, parsed.data.bookingDateTime);
  if (typeof booking === "string") return booking;
  const newTime = parsed.data.newDateTime.slice(0, 16);
  const said = (start: Date) => `Done: your appointment is now on ${when(start, context)}.`;
  const answer = (start: Date) => ({ callId: context.call.id, toolCallId, name: "rescheduleBooking", result: said(start) });
  // The built-in calendar needs the new time's day; Cal.com bookings don't.
  const day = booking.calcomBookingUid ? undefined : ((await calendarDayFor(context, newTime.slice(0, 10))) ?? undefined);
  const result = await rescheduleCallerBooking(context.db, caller, booking.id, newTime, context.now, { deadline: context.deadline, known, answer, day });
  switch (result.kind) {
    case "rescheduled":
      return kept(said(result.booking.start));
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
