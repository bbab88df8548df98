import { z } from "zod";
import { ANSWER_DEADLINES } from "../answer-deadlines.js";
import type { Database } from "../db/database.js";
import { DbError } from "../db/db-errors.js";
import { log } from "../log.js";
import { withinDatabaseDeadline } from "../within-deadline.js";
import { assistantResponse, fallbackAssistant, type AssistantContext } from "./assistant-response.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";

const AssistantRequestSchema = CallIdentitySchema.extend({ type: z.literal("assistant-request") });

const NOT_IN_SERVICE = { error: "Sorry, this number is not in service. Goodbye." };

/**
 * assistant-request: VAPI waits at most 7.5 s, so one database round trip and no Cal.com call.
 * The caller always gets something usable: the business's assistant, a polite refusal for a line
 * no business has, or, when the database cannot be reached, an assistant that takes a message.
 */
export async function handleAssistantRequest(db: Database, message: unknown, context: AssistantContext): Promise<Record<string, unknown>> {
  const parsed = AssistantRequestSchema.safeParse(message);
  if (!parsed.success) {
    // Only the call id is required, and VAPI's own example sends `"call": {}`: with nothing to
    // record the call under, the caller still gets an assistant, the one that takes a message.
    log.warn("vapi_assistant_request_without_call", {});
    return fallbackAssistant(context);
  }
  const identity = callIdentityOf(parsed.data, context.now);
  try {
    // A database that accepts connections but never answers (frozen, an overloaded pooler, a
    // half-open network path) would otherwise hold the caller past VAPI's 7.5 s.
    const { waitMs } = ANSWER_DEADLINES.assistantRequest;
    const started = await withinDatabaseDeadline(db.startCall({ ...identity, at: identity.at }), waitMs);
    if (started.outcome !== "started") {
      log.warn("vapi_assistant_request_refused", { vapiCallId: identity.vapiCallId, outcome: started.outcome });
      return NOT_IN_SERVICE;
    }
    return assistantResponse(started.business, context);
  } catch (error) {
    if (!(error instanceof DbError && error.kind === "unavailable")) throw error;
    log.error("vapi_assistant_request_without_database", { vapiCallId: identity.vapiCallId, error });
    return fallbackAssistant(context);
  }
}
