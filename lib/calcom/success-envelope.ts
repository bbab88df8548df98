import { z } from "zod";

/** Cal.com v2 wraps every resource answer as `{ status: "success", data }`; only `data` is kept. */
export function successEnvelope<T extends z.ZodType>(data: T) {
  return z
    .object({ status: z.literal("success"), data: z.unknown() })
    .transform((envelope) => envelope.data)
    .pipe(data);
}
