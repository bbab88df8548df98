import { z } from "zod";
import { E164_PATTERN } from "../phone/e164.js";

/**
 * Who and what a VAPI message is about (reference/vapi.md §7): the call id, the line that was
 * called (phone number id, number) and the caller. Fields VAPI may leave out are optional; a
 * withheld or non-E.164 caller ID becomes null rather than failing the message.
 */
export const CallIdentitySchema = z.looseObject({
  timestamp: z.number().optional(),
  call: z.looseObject({
    id: z.string().min(1).max(200),
    type: z.string().optional(),
    phoneNumberId: z.string().optional(),
    customer: z.looseObject({ number: z.string().optional() }).optional(),
  }),
  phoneNumber: z.looseObject({ id: z.string().optional(), number: z.string().optional() }).optional(),
  customer: z.looseObject({ number: z.string().optional() }).optional(),
});

export interface CallIdentity {
  vapiCallId: string;
  vapiPhoneNumberId: string | null;
  phoneNumber: string | null;
  customerNumber: string | null;
  direction: "inbound" | "outbound";
  /** When VAPI says the message happened (ms timestamp), else now. */
  at: Date;
}

export function callIdentityOf(message: z.infer<typeof CallIdentitySchema>, now: Date): CallIdentity {
  const caller = message.customer?.number ?? message.call.customer?.number;
  return {
    vapiCallId: message.call.id,
    vapiPhoneNumberId: message.call.phoneNumberId ?? message.phoneNumber?.id ?? null,
    phoneNumber: message.phoneNumber?.number ?? null,
    customerNumber: caller && E164_PATTERN.test(caller) ? caller : null,
    direction: message.call.type === "outboundPhoneCall" ? "outbound" : "inbound",
    at: validDate(message.timestamp) ?? now,
  };
}

/** Years a timestamp of ours can be in: a JavaScript date outside them cannot be written as ISO
 *  8601 text that PostgreSQL reads (or, past ±8.64e15 ms, written at all). */
const LAST_YEAR = 9999;

/** A millisecond timestamp as a date, or undefined for nonsense (a NaN or out-of-range date would
 *  fail the write, and with it the whole message). */
export function validDate(timestamp: number | undefined): Date | undefined {
  if (timestamp === undefined) return undefined;
  const date = new Date(timestamp);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1 || year > LAST_YEAR ? undefined : date;
}
