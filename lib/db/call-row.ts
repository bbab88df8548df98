import { z } from "zod";

/** VAPI's call statuses, in the order a live call moves through them (public.calls.status). */
export const CALL_STATUSES = ["scheduled", "queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "deletion-failed"] as const;

/** A calls row as the server functions return it. */
export const CallRowSchema = z
  .object({
    id: z.uuid(),
    business_id: z.uuid(),
    vapi_call_id: z.string(),
    customer_number: z.string().nullable(),
    direction: z.enum(["inbound", "outbound"]),
    status: z.enum(CALL_STATUSES),
    started_at: z.string().nullable(),
    ended_at: z.string().nullable(),
    ended_reason: z.string().nullable(),
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
