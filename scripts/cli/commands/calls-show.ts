import { CallDetailsViewSchema, type CallDetailsView } from "../../../lib/calls/call-view.js";
import { segment } from "../api-client.js";
import { bookingColumns } from "../booking-columns.js";
import type { Command } from "../command.js";
import { formatDetails } from "../format-details.js";
import { formatTable } from "../format-table.js";
import { formatDuration, formatTime } from "../format-time.js";
import { getBusiness } from "../get-business.js";
import { printable } from "../printable.js";
import { printJson } from "../print-json.js";

const SPEAKER = { assistant: "Assistant", user: "Caller", system: "System", tool: "Tool" } as const;

export const callsShow: Command = {
  name: "calls show",
  summary: "Show a call: its details, transcript lines in the order spoken, and its bookings",
  args: ["<callId>"],
  options: {},
  notes: ["Transcript lines show the time since the call started (m:ss) when it is known."],
  async run({ args, api, out, json }) {
    const client = api();
    const answer = await client.get(`/api/calls/${segment(args[0] ?? "")}`, CallDetailsViewSchema);
    if (json) return printJson(out, answer.raw);
    const call = answer.data;
    const business = await getBusiness(client, call.businessId);
    const zone = business.timezone;
    const sections = [
      formatDetails([
        ["Call", call.id],
        ["VAPI call id", call.vapiCallId],
        ["Business", `${printable(business.name)} (${business.id})`],
        ["Caller", call.customerNumber],
        ["Direction", call.direction],
        ["Status", call.endedReason ? `${call.status} (${call.endedReason})` : call.status],
        ["Started", formatTime(call.startedAt, zone)],
        ["Ended", formatTime(call.endedAt, zone)],
        ["Length", formatDuration(call.durationSeconds)],
        ["Intent", call.intent],
        ["Sentiment", call.sentiment],
        ["Summary", call.summary],
        ["Recording", call.recordingUrl],
        ["Booking made", call.bookingMade ? "yes" : "no"],
        ...(Object.keys(call.metadata).length ? [["Notes", JSON.stringify(call.metadata)] as [string, string]] : []),
      ]),
      transcriptSection(call),
      call.bookings.length ? `Bookings (${call.bookings.length}):\n${formatTable(bookingColumns(zone), call.bookings)}` : "Bookings: none\n",
    ];
    out.stdout(sections.join("\n"));
  },
};

function transcriptSection(call: CallDetailsView): string {
  if (call.transcript.length === 0) {
    return call.fullTranscript ? `Transcript (from the end-of-call report):\n${call.fullTranscript.split("\n").map((l) => `  ${printable(l)}`).join("\n")}\n` : "Transcript: none\n";
  }
  const started = call.startedAt ? Date.parse(call.startedAt) : undefined;
  const lines = call.transcript.map((line) => {
    const seconds = line.secondsFromStart ?? (line.spokenAt && started !== undefined ? (Date.parse(line.spokenAt) - started) / 1000 : undefined);
    return [seconds === undefined || seconds < 0 ? "" : clock(seconds), SPEAKER[line.role], printable(line.text)];
  });
  const width = (i: number) => Math.max(...lines.map((l) => (l[i] ?? "").length));
  return `Transcript (${lines.length} lines):\n${lines.map((l) => `  ${(l[0] ?? "").padStart(width(0))}  ${(l[1] ?? "").padEnd(width(1))}  ${l[2] ?? ""}`.trimEnd()).join("\n")}\n`;
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
