import { DateTime } from "luxon";
import type { Business } from "../db/business-row.js";
import { spokenHours } from "../scheduling/spoken-hours.js";
import { bookingTools } from "./tools/tool-definitions.js";
import type { VapiServer } from "./vapi-server.js";

/** What VAPI should send back to us for a transient assistant: only the messages we act on. */
export const SERVER_MESSAGES = ["status-update", 'transcript[transcriptType="final"]', "end-of-call-report", "tool-calls"] as const;

export interface AssistantContext {
  /** Our webhook with the VAPI credential to reach it by; undefined: the phone number's server
   *  (see vapiServer). */
  server: VapiServer | undefined;
  now: Date;
}

/** The answer to assistant-request when we cannot reach the database: an assistant that takes a
 *  message, so the caller is never met with silence or an error tone. */
export function fallbackAssistant(context: AssistantContext): Record<string, unknown> {
  return {
    assistant: transientAssistant({
      name: "Receptionist",
      firstMessage: "Thanks for calling. I can take a message so the team can call you back. May I have your name?",
      prompt: [
        "You are a friendly phone receptionist. The business's records are unavailable right now,",
        "so you cannot check or book appointments. Take a message: ask for the caller's name, the best",
        "number to reach them and what they are calling about, read it back, and say the team will call",
        "back as soon as possible. Keep answers short and natural.",
      ].join(" "),
      metadata: {},
      context,
    }),
  };
}

/**
 * What VAPI needs to answer a call for this business (reference/vapi.md §4.1, §6): a refusal or
 * a transfer when the line is inactive; the business's saved assistant with today's facts as
 * variables; or a transient assistant whose prompt states the business, its local date and time
 * and its hours.
 */
export function assistantResponse(business: Business, context: AssistantContext): Record<string, unknown> {
  if (!business.active) {
    return business.fallbackTransferNumber
      ? { destination: { type: "number", number: business.fallbackTransferNumber, message: "Please hold while I connect you." } }
      : { error: `Sorry, ${business.name} is not taking calls on this line right now. Please try again later.` };
  }
  const local = DateTime.fromJSDate(context.now, { zone: business.timezone });
  const facts = {
    businessName: business.name,
    localDate: local.toFormat("cccc, LLLL d, yyyy", { locale: "en-US" }),
    localTime: local.toFormat("h:mm a", { locale: "en-US" }),
    timeZone: business.timezone,
    openingHours: spokenHours(business.businessHours),
  };
  const metadata = { businessId: business.id };
  if (business.vapiAssistantId) {
    // A saved assistant brings its own tools; it learns through {{canBook}} whether to use them.
    return { assistantId: business.vapiAssistantId, assistantOverrides: { variableValues: { ...facts, canBook: canBook(business) ? "yes" : "no" }, metadata } };
  }
  return {
    assistant: transientAssistant({
      name: `${business.name} receptionist`.slice(0, 40),
      firstMessage: business.greeting ?? `Thanks for calling ${business.name}. How can I help you today?`,
      prompt: receptionistPrompt(facts, canBook(business)),
      metadata,
      context,
      tools: canBook(business),
    }),
  };
}

/** The built-in calendar always can; a Cal.com calendar only while its connection works. */
function canBook(business: Business): boolean {
  return business.calcomStatus !== "needs_reconnect";
}

function receptionistPrompt(facts: Record<string, string>, bookable: boolean): string {
  const booking = bookable
    ? [
        "You book appointments. Before offering times, call checkAvailability for the day the caller wants",
        "(today, tomorrow, a weekday or a date). Offer only times it returns, and book with createBooking",
        "using the time exactly as given after 'For booking:' (local time, YYYY-MM-DDTHH:mm). Confirm the",
        "caller's name and the time before booking. The caller's number is known; ask for an email only if",
        "createBooking says it is needed. findBooking, cancelBooking and rescheduleBooking work on the",
        "appointments booked from the number the caller is calling from; never look one up by a name.",
      ]
    : ["Appointments cannot be booked on this call."];
  return [
    `You are the phone receptionist of ${facts.businessName}.`,
    `Today is ${facts.localDate} and it is ${facts.localTime} where the business is (${facts.timeZone}).`,
    `Opening hours:\n${facts.openingHours}`,
    ...booking,
    "For anything you cannot do, take a message: the caller's name, the best number to reach them and",
    "what it is about; read it back and say the team will call them back. Keep every answer short and",
    "natural, as on the phone; never read out lists, symbols or the 'For booking' times.",
  ].join("\n");
}

function transientAssistant(input: { name: string; firstMessage: string; prompt: string; metadata: Record<string, unknown>; context: AssistantContext; tools?: boolean }) {
  const { server } = input.context;
  return {
    name: input.name,
    firstMessage: input.firstMessage,
    model: {
      provider: "openai",
      model: "gpt-4o-mini",
      temperature: 0.3,
      messages: [{ role: "system", content: input.prompt }],
      ...(input.tools ? { tools: bookingTools(server) } : {}),
    },
    ...(server ? { server } : {}),
    serverMessages: [...SERVER_MESSAGES],
    metadata: input.metadata,
  };
}
