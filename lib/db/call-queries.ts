import { z } from "zod";
import { keyedMap } from "../schemas/keyed-map.js";
import { BookingRowSchema } from "./booking-row.js";
import { BusinessRowSchema, type Business } from "./business-row.js";
import { ConnectionSchema } from "./calcom-queries.js";
import { CallRowSchema, type Call, type CallStatus } from "./call-row.js";
import type { Interval } from "../scheduling/local-day.js";
import type { DbArg, DbTransport } from "./transport.js";

const RecordedSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("stored"), call: CallRowSchema }),
  z.object({ outcome: z.enum(["unknown_business", "foreign_call"]) }),
]);

export interface CallStatusEvent {
  vapiCallId: string;
  /** The line that was called: VAPI's phone number id and/or the E.164 number. */
  vapiPhoneNumberId: string | null;
  phoneNumber: string | null;
  customerNumber: string | null;
  direction: "inbound" | "outbound";
  status: CallStatus;
  endedReason: string | null;
  at: Date;
}

export type CallLine = Omit<CallStatusEvent, "status" | "endedReason" | "at">;

export interface TranscriptLineEvent extends CallLine {
  role: "assistant" | "user";
  text: string;
  spokenAt: Date;
}

export interface CallReportEvent extends CallLine {
  endedReason: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  summary: string | null;
  fullTranscript: string | null;
  recordingUrl: string | null;
  intent: string | null;
  sentiment: "positive" | "neutral" | "negative" | null;
  /** The report's lines, in the order spoken (when their words began and, if known, ended): those
   *  no stored line brought are added. */
  lines: { role: "assistant" | "user"; text: string; spokenAt: Date; spokenUntil?: Date | undefined }[];
}

const StartedSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("started"), business: BusinessRowSchema, call: CallRowSchema }),
  z.object({ outcome: z.enum(["unknown_business", "foreign_call"]) }),
]);

const ToolContextSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("found"),
    business: BusinessRowSchema,
    call: CallRowSchema,
    /** Answers already given to these tool calls of this call (cancel, reschedule), by tool call id. */
    answered: keyedMap(z.string()),
    /** Live built-in bookings overlapping the requested window. */
    busy: z.array(z.object({ start: z.coerce.date(), end: z.coerce.date() })),
    calcom: ConnectionSchema,
    /** The caller's live bookings that have not ended (by caller ID), soonest first. */
    callerBookings: z.array(BookingRowSchema),
    /** Bookings these tool calls of this call already made, by idempotency key (bookingKeyOf). */
    booked: keyedMap(BookingRowSchema),
  }),
  z.object({ outcome: z.enum(["unknown_business", "foreign_call"]) }),
]);
export type ToolCallContext = z.infer<typeof ToolContextSchema>;

const LineRecordedSchema = z.object({ outcome: z.enum(["stored", "duplicate", "unknown_business", "foreign_call"]) });

export interface CallQueries {
  /** One round trip: business, call (created if new), earlier answers to these tool calls, and
   *  the calendar around them: built-in bookings in `busyWindow`, the Cal.com connection, the
   *  caller's bookings still to come at `now`, and bookings these tool calls already made. */
  toolCallContext(line: CallLine & { toolCallIds: string[]; now: Date; busyWindow: Interval | null }): Promise<ToolCallContext>;
  /** Keeps answers of acting tools that did not act (a refusal, a question), so a redelivered
   *  tool call hears them again instead of acting then (the first answer wins). */
  saveToolResults(businessId: string, callId: string, results: { toolCallId: string; name: string; result: string }[]): Promise<void>;
  /** Notes on the call that the caller heard the calendar fallback from a tool. */
  noteCalendarFallback(callId: string, tool: string): Promise<void>;
  /** One round trip: the business answering the line, and the call recorded (assistant-request). */
  startCall(event: CallLine & { at: Date }): Promise<{ outcome: "started"; business: Business; call: Call } | { outcome: "unknown_business" | "foreign_call" }>;
  /** One round trip: creates the call or moves its status forward (never back). */
  recordCallStatus(event: CallStatusEvent): Promise<{ outcome: "stored"; call: Call } | { outcome: "unknown_business" | "foreign_call" }>;
  /** One round trip: completes (or creates) the call from its end-of-call report. */
  recordCallReport(event: CallReportEvent): Promise<{ outcome: "stored"; call: Call } | { outcome: "unknown_business" | "foreign_call" }>;
  /** One round trip: stores a final transcript line once (a redelivery is a duplicate). */
  recordTranscriptLine(event: TranscriptLineEvent): Promise<z.infer<typeof LineRecordedSchema>["outcome"]>;
}

/** The arguments every VAPI call function takes first: the call and the line it came in on. */
function lineArgs(line: CallLine): DbArg[] {
  return [
    { name: "p_vapi_call_id", type: "text", value: line.vapiCallId },
    { name: "p_vapi_phone_number_id", type: "text", value: line.vapiPhoneNumberId },
    { name: "p_phone_number", type: "text", value: line.phoneNumber },
    { name: "p_customer_number", type: "text", value: line.customerNumber },
    { name: "p_direction", type: "text", value: line.direction },
  ];
}

export function callQueries(transport: DbTransport): CallQueries {
  return {
    async recordCallStatus(event) {
      return RecordedSchema.parse(
        await transport.value("record_call_status", [
          ...lineArgs(event),
          { name: "p_status", type: "text", value: event.status },
          { name: "p_ended_reason", type: "text", value: event.endedReason },
          { name: "p_at", type: "timestamptz", value: event.at.toISOString() },
        ]),
      );
    },

    async toolCallContext(line) {
      return ToolContextSchema.parse(
        await transport.value("tool_call_context", [
          ...lineArgs(line),
          { name: "p_tool_call_ids", type: "jsonb", value: line.toolCallIds },
          { name: "p_now", type: "timestamptz", value: line.now.toISOString() },
          { name: "p_busy_from", type: "timestamptz", value: line.busyWindow?.start.toISOString() ?? null },
          { name: "p_busy_to", type: "timestamptz", value: line.busyWindow?.end.toISOString() ?? null },
        ]),
      );
    },

    async saveToolResults(businessId, callId, results) {
      await transport.value("save_tool_results", [
        { name: "p_business_id", type: "uuid", value: businessId },
        { name: "p_call_id", type: "uuid", value: callId },
        { name: "p_results", type: "jsonb", value: results },
      ]);
    },

    async noteCalendarFallback(callId, tool) {
      await transport.value("note_calendar_fallback", [
        { name: "p_call_id", type: "uuid", value: callId },
        { name: "p_tool", type: "text", value: tool },
      ]);
    },

    async startCall(event) {
      return StartedSchema.parse(
        await transport.value("start_call", [
          ...lineArgs(event),
          { name: "p_at", type: "timestamptz", value: event.at.toISOString() },
        ]),
      );
    },

    async recordCallReport(event) {
      return RecordedSchema.parse(
        await transport.value("record_call_report", [
          ...lineArgs(event),
          { name: "p_ended_reason", type: "text", value: event.endedReason },
          { name: "p_started_at", type: "timestamptz", value: event.startedAt?.toISOString() ?? null },
          { name: "p_ended_at", type: "timestamptz", value: event.endedAt?.toISOString() ?? null },
          { name: "p_summary", type: "text", value: event.summary },
          { name: "p_full_transcript", type: "text", value: event.fullTranscript },
          { name: "p_recording_url", type: "text", value: event.recordingUrl },
          { name: "p_intent", type: "text", value: event.intent },
          { name: "p_sentiment", type: "text", value: event.sentiment },
          { name: "p_lines", type: "jsonb", value: event.lines.map((l) => ({ role: l.role, text: l.text, spokenAt: l.spokenAt.toISOString(), spokenUntil: l.spokenUntil?.toISOString() })) },
        ]),
      );
    },

    async recordTranscriptLine(event) {
      const { outcome } = LineRecordedSchema.parse(
        await transport.value("record_transcript_line", [
          ...lineArgs(event),
          { name: "p_role", type: "text", value: event.role },
          { name: "p_text", type: "text", value: event.text },
          { name: "p_spoken_at", type: "timestamptz", value: event.spokenAt.toISOString() },
        ]),
      );
      return outcome;
    },
  };
}
