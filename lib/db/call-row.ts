import { z } from "zod";

/** VAPI's call statuses, in the order a live call moves through them (public.calls.status). */
export const CALL_STATUSES = ["scheduled", "queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "deletion-failed"] as const;

/** Every column of a calls row (to_jsonb / PostgREST JSON). */
export const CallColumnsSchema = z.object({
  id: z.uuid(),
  business_id: z.uuid(),
  vapi_call_id: z.string(),
  customer_number: z.string().nullable(),
  direction: z.enum(["inbound", "outbound"]),
  status: z.enum(CALL_STATUSES),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  ended_reason: z.string().nullable(),
  recording_url: z.string().nullable(),
  summary: z.string().nullable(),
  intent: z.string().nullable(),
  sentiment: z.enum(["positive", "neutral", "negative"]).nullable(),
  booking_made: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A calls row as the VAPI server functions return it: the columns the webhook works with. */
export const CallRowSchema = CallColumnsSchema.pick({
  id: true,
  business_id: true,
  vapi_call_id: true,
  customer_number: true,
  direction: true,
  status: true,
  started_at: true,
  ended_at: true,
  ended_reason: true,
})
  .transform((row) => ({
    id: row.id,
    businessId: row.business_id,
    vapiCallId: row.vapi_call_id,
    customerNumber: row.customer_number,
    direction: row.direction,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    endedReason: row.ended_reason,
  }));

export type Call = z.output<typeof CallRowSchema>;
export type CallStatus = Call["status"];
