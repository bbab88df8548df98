import { z } from "zod";
import { statusOf, type ErrorCode } from "./api-error.js";

const ERROR_CODES = Object.keys(statusOf) as [ErrorCode, ...ErrorCode[]];

/** Every JSON error: `{"error": {"code", "message"}}`, sometimes with more fields beside them
 *  (e.g. the alternatives to a taken slot). */
export const ErrorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.enum(ERROR_CODES).describe("Machine-readable; the HTTP status follows from it."),
      message: z.string().describe("What went wrong and what to do; names the field at fault (`field: reason`)."),
    }),
  });

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
