import { z } from "zod";
import { ApiError } from "../http/api-error.js";
import { describeZodError } from "../http/error-response.js";

/** Every VAPI webhook body: `{ "message": { "type": …, … } }` (reference/vapi.md §1). The rest of
 *  the message is parsed by the handler of its type. */
const EnvelopeSchema = z.object({
  message: z.looseObject({ type: z.string().min(1, "message.type must not be empty") }),
});

export type VapiEnvelope = z.infer<typeof EnvelopeSchema>;

/** The raw body as a VAPI envelope; anything else is a 400 that says what was wrong. */
export function parseVapiEnvelope(rawBody: string): VapiEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(rawBody) as unknown;
  } catch {
    throw new ApiError("bad_request", "body is not valid JSON");
  }
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new ApiError("bad_request", `body is not a VAPI message: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
