// npm run simulate [-- --url http://localhost:3000] – one scripted phone call to the demo business,
// sent to a running `npm start` exactly as VAPI would (HMAC-signed with VAPI_WEBHOOK_SECRET):
// assistant-request → status updates → transcript → checkAvailability → createBooking →
// end-of-call-report. Then it prints what the database now holds for that call.
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { createDatabase } from "../lib/db/database.js";
import { createDirectTransport } from "../lib/db/direct-transport.js";
import { databaseEnv } from "../lib/env.js";
import { fail } from "./fail.js";
import { readSecret } from "./read-secret.js";
import { vapiCall } from "./vapi-call.js";

const DEMO_LINE = { phoneNumberId: "demo-phone-number-id", number: "+15555550100" };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: "string", default: "http://localhost:3000" } } });
  const secret = readSecret("VAPI_WEBHOOK_SECRET", "the secret npm start printed (or the one you set for it)");
  const webhook = `${values.url.replace(/\/$/, "")}/api/vapi-webhook`;
  const caller = `+1555${randomInt(1_000_000, 9_999_999)}`;
  const call = vapiCall({ webhookUrl: webhook, secret, line: DEMO_LINE, caller });
  const { callId } = call;
  const send = async (message: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const answer = await call.send(message);
    if (answer.status !== 200) throw new Error(`${String(message.type)} → HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const say = (role: "assistant" | "user", text: string) => {
    console.log(`  ${role === "assistant" ? "Assistant" : "Caller   "}: ${text}`);
    return send({ type: "transcript", role, transcriptType: "final", transcript: text });
  };
  const tool = async (name: string, args: Record<string, unknown>) => {
    const answer = await call.tool(name, args);
    if (answer.status !== 200) throw new Error(`${name} → HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.spoken;
  };

  console.log(`Simulated call ${callId} from ${caller} to the demo business (${DEMO_LINE.number}) via ${webhook}\n`);
  const assistant = (await send({ type: "assistant-request" })).assistant as { firstMessage?: string } | undefined;
  const startedAt = call.now();
  await send({ type: "status-update", status: "ringing" });
  await send({ type: "status-update", status: "in-progress" });
  await say("assistant", assistant?.firstMessage ?? "Hello?");
  await say("user", "Hi, I'd like to book a cleaning in the next few days.");

  let times = "";
  for (const day of ["tomorrow", ...nextDates(6)]) {
    const answer = await tool("checkAvailability", { date: day });
    console.log(`  [checkAvailability ${day}] ${answer}`);
    times = /For booking: ([^.)]+)/.exec(answer)?.[1] ?? "";
    if (times) break;
  }
  const first = times.split(",")[0]?.trim();
  if (!first) throw new Error("no free time found in the next week");
  await say("user", "The first one works. My name is Ada Lovelace.");
  const booked = await tool("createBooking", { name: "Ada Lovelace", dateTime: first, notes: "Cleaning" });
  console.log(`  [createBooking ${first}] ${booked}`);
  await say("assistant", booked);
  await send({ type: "status-update", status: "ended", endedReason: "customer-ended-call" });
  const endedAt = call.now();
  await send({ type: "end-of-call-report", endedReason: "customer-ended-call", startedAt, endedAt, analysis: { summary: "Caller booked a cleaning.", structuredData: { intent: "book_appointment", sentiment: "positive" } }, artifact: { messages: [] } });

  await printStored(callId, caller);
}

function nextDates(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.now() + (i + 2) * 86_400_000).toISOString().slice(0, 10));
}

/** What the database holds now, read as the server reads it (DATABASE_URL, else npm start's
 *  embedded database on EMBEDDED_DB_PORT). */
async function printStored(callId: string, caller: string): Promise<void> {
  const { DATABASE_URL, EMBEDDED_DB_PORT } = databaseEnv();
  const db = createDatabase(createDirectTransport(DATABASE_URL ?? `postgres://postgres@127.0.0.1:${EMBEDDED_DB_PORT}/postgres`));
  // The call exists by now, so this context lookup writes nothing; it reads the call as the server does.
  const found = await db.toolCallContext({ vapiCallId: callId, vapiPhoneNumberId: DEMO_LINE.phoneNumberId, phoneNumber: DEMO_LINE.number, customerNumber: caller, direction: "inbound", toolCallIds: [], now: new Date(), busyWindow: null });
  const context = found.outcome === "found" ? found : undefined;
  await db.close();
  console.log("\nStored:");
  console.log(`  call     ${context ? `${context.call.status}, ${context.call.endedReason ?? "no reason"}, started ${context.call.startedAt}, ended ${context.call.endedAt}` : "not found"}`);
  for (const booking of context?.callerBookings ?? []) {
    console.log(`  booking  ${booking.start.toISOString()} for ${booking.customerName} (${booking.customerPhone}), ${booking.status}, call ${booking.callId === context?.call.id ? "linked" : "not linked"}`);
  }
  if (!context?.callerBookings.length) console.log("  booking  none");
}

main().catch(fail);
