import { z } from "zod";
import { optionalField } from "../../schemas/optional-field.js";
import { readableItems } from "../../schemas/readable-items.js";

/**
 * The tool calls of a tool-calls message. VAPI's docs and SDK disagree on the entry shape
 * ({id, function: {name, arguments}} in real calls, {id, name, parameters} in the docs) and on
 * whether arguments are an object or a JSON string (reference/vapi.md §3.4), so all of them are
 * read. Only the id is required: it is what the answer must carry; a call without a readable name
 * is answered as a tool we do not have.
 */
const ToolCallSchema = z.looseObject({
  id: z.string().min(1).max(200),
  name: optionalField(z.string()),
  arguments: z.unknown().optional(),
  parameters: z.unknown().optional(),
  function: optionalField(z.looseObject({ name: optionalField(z.string()), arguments: z.unknown().optional(), parameters: z.unknown().optional() })),
});

/** Real messages carry the calls twice more (toolCalls, and inside toolWithToolCallList); the
 *  first of toolCallList and toolCalls that is a list is read. An entry without an id cannot be
 *  answered and is left out; the others are answered all the same. */
export const ToolCallsMessageSchema = z
  .looseObject({
    toolCallList: optionalField(readableItems(ToolCallSchema)),
    toolCalls: optionalField(readableItems(ToolCallSchema)),
  })
  .refine((message) => message.toolCallList !== undefined || message.toolCalls !== undefined, { message: "toolCallList: a tool-calls message lists its tool calls", path: ["toolCallList"] })
  .transform((message) => message.toolCallList ?? message.toolCalls ?? []);

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export function toolCallsOf(message: unknown): ToolCall[] {
  return ToolCallsMessageSchema.parse(message).map((call) => ({
    id: call.id,
    name: call.function?.name ?? call.name ?? "",
    args: argumentsOf(call.function?.arguments ?? call.function?.parameters ?? call.arguments ?? call.parameters),
  }));
}

function argumentsOf(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      return argumentsOf(JSON.parse(value) as unknown);
    } catch {
      return {};
    }
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(value);
  return parsed.success ? parsed.data : {};
}
