import { createHash } from "node:crypto";
import { z } from "zod";
import { log } from "../../log.js";
import type { Booking } from "../../db/booking-row.js";
import type { Database } from "../../db/database.js";
import { env } from "../../env.js";
import { withinDatabaseDeadline, withinDeadline } from "../../within-deadline.js";
import { callIdentityOf, CallIdentitySchema } from "../call-identity.js";
import { optionalField } from "../../schemas/optional-field.js";
import { VapiTimeSchema } from "../vapi-time.js";
import { cancelBookingTool, findBookingTool, rescheduleBookingTool } from "./caller-booking-tools.js";
import { checkAvailabilityTool } from "./check-availability-tool.js";
import { createBookingTool } from "./create-booking-tool.js";
import { busyWindowOf } from "./busy-window.js";
import { toolCallsOf } from "./tool-call-list.js";
import { CALENDAR_FALLBACK, type ToolAnswer, type ToolContext } from "./tool-context.js";

type ToolResult = { toolCallId: string; name: string; result: string } | { toolCallId: string; name: string; error: string };

/** Kept back from the end of the tool budget, after Cal.com is no longer asked, for what follows
 *  an answer: the tool storing what Cal.com did, and noting a fallback or an answer to keep. */
const AFTER_CALENDAR_MS = 500;

/** Tools that may change the calendar. */
const ACTING_TOOLS = new Set(["createBooking", "cancelBooking", "rescheduleBooking"]);

type Tool = (context: ToolContext, args: Record<string, unknown>, toolCallId: string) => Promise<ToolAnswer>;

/** A Map, not an object: a tool named "constructor", "toString" or "__proto__" is a tool we do
 *  not have, not a member of Object.prototype called with a tool's arguments. */
const TOOLS: ReadonlyMap<string, Tool> = new Map<string, Tool>([
  ["checkAvailability", checkAvailabilityTool],
  ["createBooking", createBookingTool],
  ["findBooking", findBookingTool],
  ["cancelBooking", cancelBookingTool],
  ["rescheduleBooking", rescheduleBookingTool],
]);

const UNKNOWN_TOOL = "This tool is not available on this line; offer to take a message instead.";

/** What a caller hears from any tool while the business's line is switched off: nothing is
 *  looked up, booked, cancelled or moved for a business that is not taking calls. */
export const LINE_INACTIVE = "Appointments can't be booked or changed on this line right now. I can take your name and number, and the team will call you back.";

/**
 * tool-calls: every call in the message is answered, in order, within the tool budget
 * (VAPI_TOOL_BUDGET_MS from the message's arrival, at most ANSWER_DEADLINES.toolCalls less half a
 * second), whatever the database or Cal.com do: Cal.com is not asked past the budget less
 * AFTER_CALENDAR_MS, no tool starts after that, and a step still waiting at the end of the budget
 * is given up (its tool call answered with the fallback) rather than waited for. The tenant
 * comes from the verified call (its line and the call we recorded), never from the arguments.
 * One round trip reads the call and what its tools need from the calendar; a tool that acts makes
 * one more (the booking, or the change with its answer kept), plus Cal.com when connected.
 * A redelivered tool call is answered from what the first delivery did, without acting again.
 * Results are single-line sentences for the assistant to say.
 */
export async function runToolCalls(db: Database, message: unknown, now: Date): Promise<{ results: ToolResult[] }> {
  const calls = toolCallsOf(message);
  // Without the call there is no business to act for; each tool call still gets words to say.
  const parsed = CallIdentitySchema.safeParse(message);
  const identity = parsed.success ? callIdentityOf(parsed.data, now) : undefined;
  if (!identity) log.warn("vapi_tool_calls_without_call", { tools: calls.length });
  const busyWindow = busyWindowOf(calls, now);
  const answerBy = now.getTime() + env().VAPI_TOOL_BUDGET_MS;
  const deadline = new Date(answerBy - AFTER_CALENDAR_MS);
  const untilAnswer = <T>(work: Promise<T>, onLate: () => T) => withinDeadline(work, answerBy - Date.now(), onLate);
  const context = identity ? await toolContextBy(deadline, db.toolCallContext({ ...identity, toolCallIds: calls.map((c) => c.id), now, busyWindow }), identity.vapiCallId) : undefined;
  const found = context?.outcome === "found" ? context : undefined;
  if (context && !found) log.warn("vapi_tool_call_refused", { vapiCallId: identity?.vapiCallId, outcome: context.outcome });
  const results: ToolResult[] = [];
  const unkept: { toolCallId: string; name: string; result: string }[] = [];
  let calendar = found && { window: busyWindow, busy: found.busy, calcom: found.calcom, callerBookings: found.callerBookings as Booking[] | null, booked: found.booked };
  for (const call of calls) {
    const tool = TOOLS.get(call.name);
    if (!tool) {
      results.push({ toolCallId: call.id, name: call.name, error: UNKNOWN_TOOL });
      continue;
    }
    if (!found || !calendar || Date.now() >= deadline.getTime()) {
      results.push({ toolCallId: call.id, name: call.name, result: CALENDAR_FALLBACK });
      continue;
    }
    if (!found.business.active) {
      results.push({ toolCallId: call.id, name: call.name, result: LINE_INACTIVE });
      continue;
    }
    // A redelivered tool call gets the answer it got the first time, and does not act again.
    const earlier = found.answered.get(call.id);
    if (earlier !== undefined) {
      results.push({ toolCallId: call.id, name: call.name, result: earlier });
      continue;
    }
    // One tool's failure (or lateness) is that tool's fallback: the other calls of the message are answered all the same.
    const toolContext: ToolContext = { db, business: found.business, call: found.call, now, deadline, calendar };
    const working = Promise.resolve().then(() => tool(toolContext, call.args, call.id));
    const answer = await untilAnswer(working, (): ToolAnswer => {
      log.error("vapi_tool_late", { vapiCallId: identity?.vapiCallId, tool: call.name });
      return CALENDAR_FALLBACK;
    }).catch((error: unknown): ToolAnswer => {
      log.error("vapi_tool_failed", { vapiCallId: identity?.vapiCallId, tool: call.name, error });
      return CALENDAR_FALLBACK;
    });
    const spoken = typeof answer === "string" ? answer : answer.kept;
    const result = { toolCallId: call.id, name: call.name, result: spoken.replace(/\s*\n\s*/g, " ") };
    results.push(result);
    if (ACTING_TOOLS.has(call.name)) {
      // What the context read may have changed (even behind a fallback): later tools read afresh.
      calendar = { ...calendar, window: null, callerBookings: null };
    }
    if (spoken === CALENDAR_FALLBACK) {
      await untilAnswer(db.noteCalendarFallback(found.call.id, call.name), () => undefined).catch((error: unknown) => log.error("vapi_fallback_not_noted", { error }));
    } else if (ACTING_TOOLS.has(call.name) && typeof answer === "string") {
      // A refusal or a question from a tool that acts: the redelivery must hear it too, not act.
      unkept.push(result);
    }
  }
  if (found && unkept.length > 0) {
    await untilAnswer(db.saveToolResults(found.business.id, found.call.id, unkept), () => undefined).catch((error: unknown) => log.error("vapi_tool_results_not_saved", { error }));
  }
  return { results };
}

/** The round trip before the tools, given up (logged, undefined) when it fails or is still
 *  unanswered when Cal.com may no longer be asked: every tool call then gets the fallback. */
function toolContextBy<T>(deadline: Date, reading: Promise<T>, vapiCallId: string): Promise<T | undefined> {
  return withinDatabaseDeadline(reading, deadline.getTime() - Date.now()).catch((error: unknown) => {
    log.error("vapi_tool_context_failed", { vapiCallId, error });
    return undefined;
  });
}

const FunctionCallSchema = z.looseObject({
  timestamp: VapiTimeSchema,
  call: optionalField(z.looseObject({ id: z.string() })),
  functionCall: z.looseObject({ name: optionalField(z.string()), parameters: z.unknown().optional() }),
});

/**
 * The legacy function-call message ({functionCall: {name, parameters}} → {result}): the same tools.
 * It carries no tool call id, so the id is derived from the call, the request and the message's
 * timestamp: the same delivery twice books once, the same request made again later is a new one.
 */
export async function runLegacyFunctionCall(db: Database, message: unknown, now: Date): Promise<{ result: string }> {
  const legacy = FunctionCallSchema.parse(message);
  const { name = "", parameters } = legacy.functionCall;
  const id = `function-call:${createHash("sha256").update(JSON.stringify([legacy.call?.id ?? null, name, parameters ?? null, legacy.timestamp?.getTime() ?? null])).digest("base64url")}`;
  const [answer] = (await runToolCalls(db, { ...legacy, toolCallList: [{ id, name, parameters }] }, now)).results;
  return { result: answer && "result" in answer ? answer.result : (answer?.error ?? CALENDAR_FALLBACK) };
}
