import { roundTripsOf, vapiCall, type VapiAnswer } from "../vapi-call.js";

export const FLOOR = "floor (GET /api/health)";

export interface CallPlan {
  webhookUrl: string;
  healthUrl: string;
  secret: string;
  line: { phoneNumberId: string; number: string };
  caller: string;
  /** The day to check first (YYYY-MM-DD), and the local time to book (YYYY-MM-DDTHH:mm). */
  day: string;
  bookAt: string;
  transcriptLines: number;
}

/** One measured request: its kind, and for a message the floor request sent at the same moment. */
export type Record = (kind: string, answer: Pick<VapiAnswer, "status" | "ms" | "roundTrips"> & { spoken?: string }, pairedWith?: string) => void;

/**
 * One phone call as VAPI reports it, message after message: assistant-request, status updates,
 * the transcript a line at a time, two availability checks and a booking between the lines, the
 * end and the report. With every message goes a request to the floor (the same server answering
 * one trivial database round trip), sent at the same moment: each kind is compared with the floor
 * measured under exactly the load it met.
 */
export async function simulatedCall(plan: CallPlan, record: Record): Promise<{ callId: string; booked: boolean; linesSent: number }> {
  const call = vapiCall({ webhookUrl: plan.webhookUrl, secret: plan.secret, line: plan.line, caller: plan.caller });
  const floor = async (kind: string) => {
    const started = performance.now();
    const response = await fetch(plan.healthUrl);
    await response.arrayBuffer();
    record(FLOOR, { status: response.status, ms: performance.now() - started, roundTrips: roundTripsOf(response) }, kind);
  };
  const paired = async <T extends Pick<VapiAnswer, "status" | "ms" | "roundTrips">>(kind: string, request: () => Promise<T>): Promise<T> => {
    const [answer] = await Promise.all([request(), floor(kind)]);
    record(kind, answer);
    return answer;
  };
  const send = (kind: string, message: globalThis.Record<string, unknown>) => paired(kind, () => call.send(message));
  let linesSent = 0;
  const lines = async (count: number) => {
    for (let i = 0; i < count && linesSent < plan.transcriptLines; i += 1) {
      linesSent += 1;
      const role = linesSent % 2 ? "assistant" : "user";
      await send("transcript", { type: "transcript", role, transcriptType: "final", transcript: `Line ${linesSent} of call ${call.callId}: ${role === "user" ? "I'd like an appointment, please." : "Of course, let me check."}` });
    }
  };
  const tool = async (name: string, args: globalThis.Record<string, unknown>) => (await paired(`tool-calls ${name}`, () => call.tool(name, args))).spoken;

  await send("assistant-request", { type: "assistant-request" });
  const startedAt = call.now();
  await send("status-update", { type: "status-update", status: "ringing" });
  await send("status-update", { type: "status-update", status: "in-progress" });
  const third = Math.ceil(plan.transcriptLines / 3);
  await lines(third);
  await tool("checkAvailability", { date: plan.day });
  await lines(third);
  await tool("checkAvailability", { date: "tomorrow" });
  const spoken = await tool("createBooking", { name: `Caller ${plan.caller}`, dateTime: plan.bookAt, email: "caller@example.com" });
  await lines(plan.transcriptLines);
  await send("status-update", { type: "status-update", status: "ended", endedReason: "customer-ended-call" });
  await send("end-of-call-report", {
    type: "end-of-call-report",
    endedReason: "customer-ended-call",
    startedAt,
    endedAt: call.now(),
    analysis: { summary: "Caller booked an appointment.", structuredData: { intent: "book_appointment", sentiment: "positive" } },
    artifact: { messages: [] },
  });
  return { callId: call.callId, booked: spoken.startsWith("You're booked"), linesSent };
}
