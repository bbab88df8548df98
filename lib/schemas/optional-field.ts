import type { z } from "zod";

/**
 * A field of a partner's message (VAPI, Cal.com) that we read but can do without: absent, null or
 * of an unexpected shape, it reads as undefined instead of failing the whole message. Partners
 * send nulls where their docs promise strings and change shapes between versions; a caller's call
 * or a booking must not be lost for a field we only use when it is there. Fields without which we
 * would act wrongly (an id, a booking's uid or start) stay required.
 */
export function optionalField<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}
