import { z } from "zod";
import { E164_PATTERN } from "../phone/e164.js";
import { optionalField } from "../schemas/optional-field.js";
import { VapiTimeSchema } from "./vapi-time.js";

/**
 * Who and what a VAPI message is about (reference/vapi.md §7): the call id, the line that was
 * called (phone number id, number) and the caller. Only the call id is required; the rest may be
 * missing, null or odd (a withheld or non-E.164 caller ID becomes null) without failing the
 * message. `timestamp` is epoch milliseconds or, in 2024's messages, an ISO string.
 */
export const CallIdentitySchema = z.looseObject({
  timestamp: VapiTimeSchema,
  call: z.looseObject({
    id: z.string().min(1).max(200),
    type: optionalField(z.string()),
    phoneNumberId: optionalField(z.string()),
    customer: optionalField(z.looseObject({ number: optionalField(z.string()) })),
  }),
  phoneNumber: optionalField(z.looseObject({ id: optionalField(z.string()), number: optionalField(z.string()) })),
  customer: optionalField(z.looseObject({ number: optionalField(z.string()) })),
});

export interface CallIdentity {
  vapiCallId: string;
  vapiPhoneNumberId: string | null;
  phoneNumber: string | null;
  customerNumber: string | null;
  direction: "inbound" | "outbound";
  /** When VAPI says the message happened, else now. */
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
    at: message.timestamp ?? now,
  };
}
