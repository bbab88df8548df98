import { z, ZodError } from "zod";
import { ANSWER_DEADLINES } from "../answer-deadlines.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { withinDatabaseDeadline } from "../within-deadline.js";
import { fallbackAssistant, type AssistantContext } from "./assistant-response.js";
import { CallIdentitySchema } from "./call-identity.js";
import { handleAssistantRequest } from "./handle-assistant-request.js";
import { handleEndOfCallReport } from "./handle-end-of-call-report.js";
import { handleStatusUpdate } from "./handle-status-update.js";
import { handleTranscript } from "./handle-transcript.js";
import { optionalField } from "../schemas/optional-field.js";
import { storableText } from "./storable-text.js";
import { runLegacyFunctionCall, runToolCalls } from "./tools/run-tool-calls.js";
import { toolCallsOf } from "./tools/tool-call-list.js";

/** Every message type VAPI's server SDK knows (reference/vapi.md §2), so that a new one in this
 *  list without a handler is a compile error rather than a silent drop. */
export const VAPI_MESSAGE_TYPES = [
  "assistant-request", "status-update", "transcript", 'transcript[transcriptType="final"]', "tool-calls", "function-call",
  "end-of-call-report", "hang", "speech-update", "conversation-update", "user-interrupted", "transfer-destination-request",
  "handoff-destination-request", "transfer-update", "model-output", "phone-call-control", "knowledge-base-request",
  "language-change-detected", "voice-input", "assistant.speechStarted", "assistant.started", "voice-request",
  "call.endpointing.request", "chat.created", "chat.deleted", "session.created", "session.updated", "session.deleted",
  "call.deleted", "call.delete.failed", "call.artifact.upload", "campaign.predial",
] as const;
export type VapiMessageType = (typeof VAPI_MESSAGE_TYPES)[number];

type Handler = (db: Database, message: unknown, context: AssistantContext) => Promise<Record<string, unknown>>;

const acknowledge = async () => ({});

/** What a message says is stored and looked up as said, but for characters the database cannot
 *  hold (NUL, lone surrogates): replaced here, in the one place every message a handler reads
 *  passes (a NUL in a call id would otherwise fail the call's lookup, not only its storing), and
 *  logged by field. */
const readable = (handle: Handler): Handler => (db, raw, context) => handle(db, storableMessage(raw), context);

/** VAPI's own types make `call` optional on every message; one without a call id names nothing
 *  we could store it under (no business, no call), so it is acknowledged and logged, not refused. */
const stored = (handle: (db: Database, message: unknown, now: Date) => Promise<void>): Handler =>
  readable(async (db, message, context) => {
    if (CallIdentitySchema.safeParse(message).success) await handle(db, message, context.now);
    else log.warn("vapi_message_without_call", {});
    return {};
  });

/** tool-calls: looked up, booked and replayed by the tool call ids as the database holds them
 *  (replaced like all of a message's text), but answered with the ids and names VAPI sent: it
 *  matches each result to its tool call by id, exactly. Those are read first, as the replacement
 *  works in place. The lists pair up by index: runToolCalls answers each call once, in order, and
 *  a replaced character keeps an id's length, so the same calls are readable in both. */
const toolCallsAnswered: Handler = async (db, raw, context) => {
  const sent = toolCallsOf(raw);
  const { results } = await runToolCalls(db, storableMessage(raw), context.now);
  return { results: results.map((result, index) => ({ ...result, toolCallId: sent[index]?.id ?? result.toolCallId, name: sent[index]?.name ?? result.name })) };
};

/** The fields named in the log line of one message, at most (a report has thousands of strings). */
const LOGGED_FIELDS = 20;
const LoggedAsSchema = z.looseObject({ type: z.string(), call: optionalField(z.looseObject({ id: z.string() })) });

function storableMessage(raw: unknown): unknown {
  const { value: message, replaced } = storableText(raw);
  if (replaced.length === 0) return message;
  const about = LoggedAsSchema.safeParse(message);
  // Where and how many, never the text: it is what a caller said.
  log.warn("vapi_text_replaced", {
    type: about.success ? about.data.type.slice(0, 100) : null,
    vapiCallId: about.success ? (about.data.call?.id.slice(0, 200) ?? null) : null,
    characters: replaced.reduce((sum, field) => sum + field.count, 0),
    fieldCount: replaced.length,
    fields: replaced.slice(0, LOGGED_FIELDS).map((field) => ({ ...field, path: field.path.slice(0, 200) })),
  });
  return message;
}

const handlers = {
  "assistant-request": readable(handleAssistantRequest),
  "status-update": stored(handleStatusUpdate),
  transcript: stored(handleTranscript),
  'transcript[transcriptType="final"]': stored(handleTranscript),
  "end-of-call-report": stored(handleEndOfCallReport),
  "tool-calls": toolCallsAnswered,
  // Its answer names no tool call: the id is derived from the (replaced) message.
  "function-call": readable((db, message, context) => runLegacyFunctionCall(db, message, context.now)),
  "transfer-destination-request": async () => ({ error: "Sorry, I can't transfer this call right now." }),
  "knowledge-base-request": async () => ({ documents: [] }),
  // Informational, or for features this service does not use: acknowledged, nothing stored.
  hang: acknowledge, "speech-update": acknowledge, "conversation-update": acknowledge, "user-interrupted": acknowledge,
  "handoff-destination-request": acknowledge, "transfer-update": acknowledge, "model-output": acknowledge,
  "phone-call-control": acknowledge, "language-change-detected": acknowledge, "voice-input": acknowledge,
  "assistant.speechStarted": acknowledge, "assistant.started": acknowledge, "voice-request": acknowledge,
  "call.endpointing.request": acknowledge, "chat.created": acknowledge, "chat.deleted": acknowledge,
  "session.created": acknowledge, "session.updated": acknowledge, "session.deleted": acknowledge, "call.deleted": acknowledge,
  "call.delete.failed": acknowledge, "call.artifact.upload": acknowledge, "campaign.predial": acknowledge,
} satisfies Record<VapiMessageType, Handler>;

const isKnown = (type: string): type is VapiMessageType => (VAPI_MESSAGE_TYPES as readonly string[]).includes(type);

/**
 * Runs the handler of a message's type and returns the body VAPI expects back ({} for
 * informational messages). An unknown type is acknowledged and logged, never an error. A caller
 * waiting on assistant-request gets the message-taking assistant even if something unexpected
 * fails, rather than VAPI's error tone. Every answer comes within its deadline (ANSWER_DEADLINES):
 * assistant-request and tool calls keep their own time, since each must still give the caller
 * something; any other event the database has not stored by then is answered 503, which VAPI may
 * retry (storing is idempotent, so retrying one that was stored late changes nothing).
 */
export async function dispatchVapiMessage(db: Database, message: { type: string }, context: AssistantContext): Promise<Record<string, unknown>> {
  if (!isKnown(message.type)) {
    log.info("vapi_message_unknown_type", { type: message.type.slice(0, 100) });
    return {};
  }
  if (handlers[message.type] === acknowledge) log.debug("vapi_message_acknowledged", { type: message.type });
  if (message.type === "assistant-request") return answerAssistantRequest(db, message, context);
  if (message.type === "tool-calls" || message.type === "function-call") return handlers[message.type](db, message, context);
  const { waitMs } = ANSWER_DEADLINES.vapiEvent;
  return withinDatabaseDeadline(handlers[message.type](db, message, context), waitMs);
}

async function answerAssistantRequest(db: Database, message: unknown, context: AssistantContext): Promise<Record<string, unknown>> {
  try {
    return await handlers["assistant-request"](db, message, context);
  } catch (error) {
    if (error instanceof ZodError) throw error;
    log.error("vapi_assistant_request_failed", { error });
    return fallbackAssistant(context);
  }
}
