import { z } from "zod";
import { BookingRowSchema } from "./booking-row.js";
import { CallColumnsSchema } from "./call-row.js";

const TranscriptLineRowSchema = z
  .object({
    sequence: z.number().int(),
    role: z.enum(["assistant", "user", "system", "tool"]),
    text: z.string(),
    spoken_at: z.string().nullable(),
    seconds_from_start: z.number().nullable(),
    confidence: z.number().nullable(),
  })
  .transform((line) => ({
    sequence: line.sequence,
    role: line.role,
    text: line.text,
    spokenAt: line.spoken_at,
    secondsFromStart: line.seconds_from_start,
    confidence: line.confidence,
  }));

function toCallRecord(row: z.infer<typeof CallColumnsSchema>) {
  return {
    id: row.id,
    businessId: row.business_id,
    vapiCallId: row.vapi_call_id,
    customerNumber: row.customer_number,
    direction: row.direction,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds,
    endedReason: row.ended_reason,
    recordingUrl: row.recording_url,
    summary: row.summary,
    intent: row.intent,
    sentiment: row.sentiment,
    bookingMade: row.booking_made,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A call in a list (public.list_business_calls): `at` is its time as the database wrote it,
 *  which is also where the next page starts. */
export const ListedCallRowSchema = CallColumnsSchema.extend({ at: z.string(), bookings: z.array(BookingRowSchema) }).transform((row) => ({
  ...toCallRecord(row),
  at: row.at,
  bookings: row.bookings,
}));
export type ListedCall = z.output<typeof ListedCallRowSchema>;

/** A call with everything recorded about it (public.call_details). */
export const CallDetailsRowSchema = CallColumnsSchema.extend({
  full_transcript: z.string().nullable(),
  transcript: z.array(TranscriptLineRowSchema),
  bookings: z.array(BookingRowSchema),
}).transform((row) => ({
  ...toCallRecord(row),
  fullTranscript: row.full_transcript,
  transcript: row.transcript,
  bookings: row.bookings,
}));
export type CallDetails = z.output<typeof CallDetailsRowSchema>;
export type CallRecord = ReturnType<typeof toCallRecord>;
