import { z } from "zod";
import { BookingViewSchema, toBookingView } from "../bookings/booking-view.js";
import type { CallDetails, CallRecord } from "../db/call-record-row.js";
import type { Booking } from "../db/booking-row.js";
import { CALL_STATUSES } from "../db/call-row.js";

const Timestamp = z.iso.datetime({ offset: true });
const iso = (value: string | null) => value && new Date(value).toISOString();

/** A call as the operator API shows it, with the bookings made on it. */
export const CallViewSchema = z.object({
  id: z.uuid(),
  businessId: z.uuid(),
  vapiCallId: z.string(),
  customerNumber: z.string().nullable().describe("Caller ID (E.164); null when withheld."),
  direction: z.enum(["inbound", "outbound"]),
  status: z.enum(CALL_STATUSES),
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  durationSeconds: z.number().nullable(),
  endedReason: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  summary: z.string().nullable(),
  intent: z.string().nullable(),
  sentiment: z.enum(["positive", "neutral", "negative"]).nullable(),
  bookingMade: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).describe("What the service noted on the call, e.g. calendarFallback when a caller heard the calendar was unreachable."),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  bookings: z.array(BookingViewSchema),
});

export const TranscriptLineViewSchema = z.object({
  sequence: z.number().int().describe("Arrival order; lines are listed in spoken order."),
  role: z.enum(["assistant", "user", "system", "tool"]),
  text: z.string(),
  spokenAt: Timestamp.nullable(),
  secondsFromStart: z.number().nullable(),
  confidence: z.number().nullable(),
});

/** GET /api/calls/{id}: the call, its transcript lines in the order spoken, and its bookings. */
export const CallDetailsViewSchema = CallViewSchema.extend({
  fullTranscript: z.string().nullable().describe("VAPI's transcript text from the end-of-call report."),
  transcript: z.array(TranscriptLineViewSchema),
});

export type CallView = z.infer<typeof CallViewSchema>;
export type CallDetailsView = z.infer<typeof CallDetailsViewSchema>;

export function toCallView(call: CallRecord & { bookings: Booking[] }): CallView {
  return CallViewSchema.parse(timestamps(call));
}

export function toCallDetailsView(call: CallDetails): CallDetailsView {
  return CallDetailsViewSchema.parse({
    ...timestamps(call),
    transcript: call.transcript.map((line) => ({ ...line, spokenAt: iso(line.spokenAt) })),
  });
}

function timestamps<Call extends CallRecord & { bookings: Booking[] }>(call: Call) {
  return {
    ...call,
    startedAt: iso(call.startedAt),
    endedAt: iso(call.endedAt),
    createdAt: iso(call.createdAt),
    updatedAt: iso(call.updatedAt),
    bookings: call.bookings.map(toBookingView),
  };
}
