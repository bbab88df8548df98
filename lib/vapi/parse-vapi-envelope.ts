import { z } from "zod";
import { ApiError } from "../http/api-error.js";
import { cutDeepNesting } from "../http/cut-deep-nesting.js";
import { describeZodError } from "../http/error-response.js";
import { log } from "../log.js";

/** Far deeper than anything VAPI sends (its messages nest a dozen levels), far shallower than
 *  what overflows the call stack of recursive code such as JSON.stringify (a few thousand). */
export const MAX_VAPI_DEPTH = 256;
const CUT = `[nested deeper than ${MAX_VAPI_DEPTH} levels; left out]`;

/** Every VAPI webhook body: `{ "message": { "type": …, … } }` (reference/vapi.md §1). The rest of
 *  the message is parsed by the handler of its type. */
export const VapiEnvelopeSchema = z.object({
  message: z.looseObject({ type: z.string().min(1, "message.type must not be empty").describe("assistant-request, status-update, transcript, tool-calls, end-of-call-report, …") }),
});

export type VapiEnvelope = z.infer<typeof VapiEnvelopeSchema>;

/** What we answer: the assistant for assistant-request, `{results}` for tool-calls, `{}` for the
 *  messages that need no answer (reference/vapi.md §4). */
export const VapiAnswerSchema = z.record(z.string(), z.unknown());

/** The raw body as a VAPI envelope; anything else is a 400 that says what was wrong. A message
 *  nested absurdly deep is still handled (VAPI traffic is never lost for being odd), with what
 *  lies deeper than MAX_VAPI_DEPTH replaced by a note. */
export function parseVapiEnvelope(rawBody: string): VapiEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(rawBody) as unknown;
  } catch {
    throw new ApiError("bad_request", "body is not valid JSON");
  }
  const cut = cutDeepNesting(json, MAX_VAPI_DEPTH, CUT);
  if (cut > 0) log.warn("vapi_message_nesting_cut", { values: cut, maxDepth: MAX_VAPI_DEPTH });
  const parsed = VapiEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new ApiError("bad_request", `body is not a VAPI message: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
