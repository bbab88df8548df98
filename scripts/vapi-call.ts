import { randomUUID } from "node:crypto";
import { signVapiBody } from "../lib/vapi/verify-vapi-request.js";

/** One answer of the webhook, as a script sees it. */
export interface VapiAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Milliseconds from sending to the last byte of the answer. */
  ms: number;
  /** Database round trips the server counted for it (its Server-Timing header). */
  roundTrips: number | undefined;
}

/** The round trips a response's Server-Timing header reports, if it does. */
export function roundTripsOf(response: Response): number | undefined {
  const counted = /desc="(\d+) round trips?"/.exec(response.headers.get("server-timing") ?? "")?.[1];
  return counted === undefined ? undefined : Number(counted);
}

/**
 * One phone call as VAPI reports it to our webhook: every message carries the call, the line it
 * came in on and the caller, a timestamp 2 s after the previous one, and an HMAC signature made
 * with the webhook secret (the way VAPI's credential signs).
 */
export function vapiCall(options: { webhookUrl: string; secret: string; line: { phoneNumberId: string; number: string }; caller: string; callId?: string }) {
  const callId = options.callId ?? randomUUID();
  const call = { id: callId, orgId: "org-simulator", type: "inboundPhoneCall", phoneNumberId: options.line.phoneNumberId, customer: { number: options.caller } };
  const base = { call, phoneNumber: { id: options.line.phoneNumberId, number: options.line.number }, customer: { number: options.caller } };
  let clock = Date.now();

  async function send(message: Record<string, unknown>): Promise<VapiAnswer> {
    clock += 2_000;
    const body = JSON.stringify({ message: { ...base, timestamp: clock, ...message } });
    const started = performance.now();
    const response = await fetch(options.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...signVapiBody(body, options.secret, String(Math.floor(Date.now() / 1000))) },
      body,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    return { status: response.status, body: answer, ms: performance.now() - started, roundTrips: roundTripsOf(response) };
  }

  /** A tool-calls message with one call; the spoken result (or error) comes back with the answer. */
  async function tool(name: string, args: Record<string, unknown>): Promise<VapiAnswer & { spoken: string }> {
    const answer = await send({ type: "tool-calls", toolCallList: [{ id: `tool-${randomUUID()}`, type: "function", function: { name, arguments: args } }], toolWithToolCallList: [] });
    const [result] = (answer.body.results as { result?: string; error?: string }[] | undefined) ?? [];
    return { ...answer, spoken: result?.result ?? result?.error ?? "" };
  }

  return { callId, send, tool, now: () => new Date(clock).toISOString() };
}
