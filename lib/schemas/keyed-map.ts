import { z } from "zod";

/**
 * A JSON object read as a Map of its own keys. Keys here come from outside (tool call ids are
 * chosen by VAPI, and by whoever prompts its model): a plain object looked up with `record[id]`
 * answers "constructor" or "__proto__" from Object.prototype, and z.record drops a "__proto__" key
 * altogether. A Map has no inherited keys to find.
 */
export function keyedMap<T extends z.ZodType>(value: T) {
  return z
    .preprocess((input) => (typeof input === "object" && input !== null && !Array.isArray(input) ? Object.entries(input) : input), z.array(z.tuple([z.string(), value])))
    .transform((entries) => new Map<string, z.output<T>>(entries as [string, z.output<T>][]));
}
