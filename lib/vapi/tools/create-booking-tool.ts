import { z } from "zod";
import { bookOnDay } from "../../calendar/book-appointment.js";
import { E164_PATTERN } from "../../phone/e164.js";
import { localDateAt } from "../../scheduling/local-day.js";
import { spokenDate } from "../../scheduling/spoken-date.js";
import { spokenTime } from "../../scheduling/spoken-time.js";
import { spokenList } from "./spoken-times.js";
import { calendarDayFor } from "./calendar-day-for.js";
import { bookingKeyOf, CALENDAR_FALLBACK, kept, type ToolAnswer, type ToolContext } from "./tool-context.js";

/** NUL cannot be stored in PostgreSQL text; a model that emits one meant nothing by it. */
const withoutNul = (value: unknown) => (typeof value === "string" ? value.replaceAll("\u0000", "") : value);

const ArgsSchema = z.object({
  name: z.preprocess(withoutNul, z.string().trim().min(1).max(200)),
  dateTime: z.string().max(40),
  phone: z.string().max(40).optional(),
  email: z.email().optional().catch(undefined),
  notes: z.preprocess(withoutNul, z.string().max(2000).optional()),
});

/**
 * createBooking: books through the calendar, keyed on the tool call id: a redelivered tool call
 * finds the booking it made (read with the call's context) and answers the same from it. A dateTime without an offset is the business's local time; the
 * caller's number defaults to caller ID.
 */
export async function createBookingTool(context: ToolContext, args: Record<string, unknown>, toolCallId: string): Promise<ToolAnswer> {
  const parsed = ArgsSchema.safeParse(args);
  if (!parsed.success) return "To book, I need your name and the time you'd like.";
  const { timezone } = context.business;
  const start = startOf(parsed.data.dateTime);
  if (!start) return "Sorry, I didn't catch the time. Which day and time would you like?";
  // The booking belongs to the number the call comes from (caller ID): that is how the caller finds,
  // moves or cancels it later. Another number said on the phone is kept as a note, never as owner.
  const spokenPhone = parsed.data.phone && E164_PATTERN.test(parsed.data.phone) && parsed.data.phone !== context.call.customerNumber ? parsed.data.phone : undefined;
  const phone = context.call.customerNumber ?? spokenPhone ?? null;
  const notes = [parsed.data.notes, spokenPhone && context.call.customerNumber ? `Contact number given: ${spokenPhone}` : undefined].filter(Boolean).join(". ") || null;
  const key = bookingKeyOf(context.call.id, toolCallId);
  const day = await calendarDayFor(context, typeof start === "string" ? start.slice(0, 10) : localDateAt(start, timezone), key);
  if (!day) return CALENDAR_FALLBACK;
  const result = await bookOnDay(
    context.db,
    day,
    {
      businessId: context.business.id,
      start,
      name: parsed.data.name,
      phone,
      email: parsed.data.email ?? null,
      notes,
      callId: context.call.id,
      idempotencyKey: key,
      deadline: context.deadline,
    },
    context.now,
  );
  switch (result.kind) {
    case "booked": {
      const when = `${spokenDate(localDateAt(result.booking.start, timezone), timezone, context.now)} at ${spokenTime(result.booking.start, timezone)}`;
      return kept(`You're booked for ${when}, ${result.booking.customerName}. Is there anything else I can help with?`);
    }
    case "slot_unavailable":
      if (result.alternatives.length === 0) return "That time isn't available, and nothing else is free that day. Would another day work?";
      return `That time isn't available. I can offer ${spokenList(result.alternatives.map((a) => a.label))} instead. (For booking: ${result.alternatives.map((a) => a.start.slice(0, 16)).join(", ")}.)`;
    case "email_required":
      return "For this appointment I'll need your email address. What is it?";
    case "idempotency_mismatch":
      return "Sorry, something went wrong with that booking. Could you tell me the time again?";
    default:
      return CALENDAR_FALLBACK;
  }
}

/** Local wall-clock time (how the assistant speaks) or an instant with an offset. */
function startOf(value: string): Date | string | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:00)?$/.test(text)) return text.slice(0, 16);
  const instant = new Date(text);
  return /[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && !Number.isNaN(instant.getTime()) ? instant : undefined;
}
