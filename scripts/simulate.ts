// npm run simulate [-- --url $RECEPTIONIST_URL|http://localhost:3000 --phone-number-id <id> --number <E.164>] – one
// scripted phone call to the demo business (or the line given),
// sent to a running `npm start` exactly as VAPI would (HMAC-signed with VAPI_WEBHOOK_SECRET):
// assistant-request → status updates → transcript → checkAvailability → createBooking →
// end-of-call-report. Then it prints what the server stored for that call (read through the
// operator API, with ADMIN_API_KEY from the environment or from npm start's local secrets).
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CallDetailsViewSchema, CallViewSchema } from "../lib/calls/call-view.js";
import { receptionistUrl } from "../lib/env.js";
import { pageSchemaOf } from "../lib/http/page.js";
import { DEMO_LINE } from "./demo-business.js";
import { fail } from "./fail.js";
import { readSecret } from "./read-secret.js";
import { vapiCall } from "./vapi-call.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: receptionistUrl() },
      // The line called: the demo business's unless told otherwise.
      "phone-number-id": { type: "string", default: DEMO_LINE.phoneNumberId },
      number: { type: "string", default: DEMO_LINE.number },
    },
  });
  const line = { phoneNumberId: values["phone-number-id"], number: values.number };
  const secret = readSecret("VAPI_WEBHOOK_SECRET", "the webhook secret of that server", values.url);
  // Both secrets before anything is sent: a call played without the key to read it back would
  // leave a booking behind and then stop.
  const adminKey = readSecret("ADMIN_API_KEY", "the operators' key of that server", values.url);
  const webhook = `${values.url.replace(/\/$/, "")}/api/vapi-webhook`;
  const caller = `+1555${randomInt(1_000_000, 9_999_999)}`;
  const call = vapiCall({ webhookUrl: webhook, secret, line, caller });
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

  console.log(`Simulated call ${callId} from ${caller} to ${line.number} (VAPI phone number id ${line.phoneNumberId}) via ${webhook}\n`);
  const answerToAssistantRequest = await send({ type: "assistant-request" });
  const assistant = answerToAssistantRequest.assistant as { firstMessage?: string } | undefined;
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

  await printStored(values.url.replace(/\/$/, ""), adminKey, businessIdOf(answerToAssistantRequest), callId);
}

/** The business that answered: the assistant we are given carries its id in its metadata. */
function businessIdOf(answer: Record<string, unknown>): string {
  const parsed = z
    .union([
      z.object({ assistant: z.object({ metadata: z.object({ businessId: z.uuid() }) }) }).transform((a) => a.assistant.metadata.businessId),
      z.object({ assistantOverrides: z.object({ metadata: z.object({ businessId: z.uuid() }) }) }).transform((a) => a.assistantOverrides.metadata.businessId),
    ])
    .safeParse(answer);
  if (!parsed.success) throw new Error(`the server did not answer the call with one of its businesses: ${JSON.stringify(answer).slice(0, 300)}`);
  return parsed.data;
}

function nextDates(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.now() + (i + 2) * 86_400_000).toISOString().slice(0, 10));
}

const CallsPageSchema = pageSchemaOf(CallViewSchema);

/** What the server stored for the call, read back through the operator API (so it works against
 *  any deployment): the business's latest calls, this one among them, then its details. */
async function printStored(baseUrl: string, key: string, businessId: string, vapiCallId: string): Promise<void> {
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`GET ${path} → HTTP ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const page = CallsPageSchema.parse(await get(`/api/businesses/${businessId}/calls?limit=20`));
  const summary = page.items.find((c) => c.vapiCallId === vapiCallId);
  console.log("\nStored:");
  if (!summary) {
    console.log("  call     not found");
    return;
  }
  const call = CallDetailsViewSchema.parse(await get(`/api/calls/${summary.id}`));
  console.log(`  call     ${call.status}, ${call.endedReason ?? "no reason"}, started ${call.startedAt}, ended ${call.endedAt}, ${call.durationSeconds ?? "?"} s, intent ${call.intent ?? "none"}`);
  console.log(`  lines    ${call.transcript.length} transcript lines`);
  for (const booking of call.bookings) {
    console.log(`  booking  ${booking.start} for ${booking.customerName} (${booking.customerPhone}), ${booking.status}, call ${booking.callId === call.id ? "linked" : "not linked"}`);
  }
  if (call.bookings.length === 0) console.log("  booking  none");
  console.log(`\n  npm run cli -- calls show ${call.id}`);
}

main().catch(fail);
