import { z } from "zod";

/**
 * The tool calls of a tool-calls message. VAPI's docs and SDK disagree on the entry shape
 * ({id, function: {name, arguments}} vs {id, name, parameters}) and on whether arguments are an
 * object or a JSON string (reference/vapi.md §3.4), so all of them are read.
 */
const ToolCallSchema = z.looseObject({
  id: z.string().min(1).max(200),
  name: z.string().optional(),
  arguments: z.unknown().optional(),
  parameters: z.unknown().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.unknown().optional() }).optional(),
});

export const ToolCallsMessageSchema = z.looseObject({ toolCallList: z.array(ToolCallSchema).max(20) });

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export function toolCallsOf(message: unknown): ToolCall[] {
  return ToolCallsMessageSchema.parse(message).toolCallList.map((call) => ({
    id: call.id,
    name: call.function?.name ?? call.name ?? "",
    args: argumentsOf(call.function?.arguments ?? call.arguments ?? call.parameters),
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
