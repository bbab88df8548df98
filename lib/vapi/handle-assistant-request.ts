import { z } from "zod";
import type { Database } from "../db/database.js";
import { DbError } from "../db/db-errors.js";
import { log } from "../log.js";
import { assistantResponse, fallbackAssistant, type AssistantContext } from "./assistant-response.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";

const AssistantRequestSchema = CallIdentitySchema.extend({ type: z.literal("assistant-request") });

const NOT_IN_SERVICE = { error: "Sorry, this number is not in service. Goodbye." };

/** VAPI gives up on assistant-request after 7.5 s. A database that accepts connections but never
 *  answers (paused, overloaded pooler, half-open network) would otherwise hold the caller for the
 *  10 s connect timeout or longer; past this wait the caller gets the message-taking assistant. */
const DATABASE_WAIT_MS = 2_000;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DbError("unavailable", `the database did not answer within ${ms} ms`)), ms);
  });
  // The abandoned query may still fail later; that is expected, not an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

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
    const started = await withinDeadline(db.startCall({ ...identity, at: identity.at }), DATABASE_WAIT_MS);
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
