import type { VapiServer } from "../vapi-server.js";

/**
 * The function tools the assistant may call (reference/vapi.md §6). Descriptions are written for
 * the model: they say when to call the tool and how to fill its arguments.
 */
export function bookingTools(server: VapiServer | undefined) {
  const tool = (name: string, description: string, parameters: object, checking: string) => ({
    type: "function",
    function: { name, description, parameters },
    // Without a server of its own a tool call goes to the assistant's, else the phone number's.
    ...(server ? { server } : {}),
    messages: [{ type: "request-start", content: checking }],
  });
  return [
    tool(
      "checkAvailability",
      "Find free appointment times on one day. Call it before offering times.",
      {
        type: "object",
        properties: {
          date: { type: "string", description: "The day: today, tomorrow, a weekday like friday, or YYYY-MM-DD" },
          timePreference: { type: "string", enum: ["morning", "afternoon", "evening", "any"], description: "Part of the day the caller prefers" },
        },
        required: ["date"],
      },
      "Let me check the calendar.",
    ),
    tool(
      "createBooking",
      "Book an appointment at a time the caller chose from the free times. Confirm name and time first.",
      {
        type: "object",
        properties: {
          name: { type: "string", description: "The caller's full name" },
          dateTime: { type: "string", description: "Start, as local time YYYY-MM-DDTHH:mm (the business's time)" },
          phone: { type: "string", description: "Only if the caller gives a different number than the one they call from, in +1… form" },
          email: { type: "string", description: "Only if the caller gives one or you were told it is needed" },
          notes: { type: "string", description: "Reason for the visit, briefly" },
        },
        required: ["name", "dateTime"],
      },
      "One moment while I book that.",
    ),
    tool(
      "findBooking",
      "Tell the caller their upcoming appointments. They are found by the number the caller is calling from.",
      { type: "object", properties: {} },
      "Let me look that up.",
    ),
    tool(
      "cancelBooking",
      "Cancel one of the caller's appointments (found by the number they call from). Confirm with the caller first.",
      {
        type: "object",
        properties: { bookingDateTime: { type: "string", description: "Which appointment, as local YYYY-MM-DDTHH:mm or YYYY-MM-DD, if they have several" } },
      },
      "One moment.",
    ),
    tool(
      "rescheduleBooking",
      "Move one of the caller's appointments to a new free time (check availability first).",
      {
        type: "object",
        properties: {
          newDateTime: { type: "string", description: "The new start, local YYYY-MM-DDTHH:mm" },
          bookingDateTime: { type: "string", description: "Which appointment, if they have several" },
        },
        required: ["newDateTime"],
      },
      "One moment while I move that.",
    ),
  ];
}
