import { z } from "zod";
import type { CallReportEvent } from "../db/call-queries.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";
import { optionalField } from "../schemas/optional-field.js";
import { optionalItems } from "../schemas/readable-items.js";
import { VapiTimeSchema } from "./vapi-time.js";

const httpUrl = optionalField(z.url({ protocol: /^https?$/ }).max(2000));
const text = optionalField(z.string());

/** One line of the report's artifact: `time` is when its words began, `endTime` when they ended
 *  (epoch ms, or ISO text), `duration` their length in ms (seconds in 2024's reports). A line we
 *  cannot read is skipped on its own, never the others with it. */
const ArtifactMessageSchema = z.looseObject({
  role: z.string(),
  message: z.string().optional(),
  time: VapiTimeSchema,
  endTime: VapiTimeSchema,
  duration: optionalField(z.number().nonnegative().max(86_400_000)),
});
type ArtifactMessage = z.infer<typeof ArtifactMessageSchema>;

/** reference/vapi.md §3.6: artifact and analysis are current; top-level transcript, summary and
 *  recordingUrl are legacy duplicates, read only when the current fields are absent. Every part
 *  but the call is optional: one that does not look as expected is dropped, never a reason to
 *  lose the report. */
const ReportSchema = CallIdentitySchema.extend({
  type: z.literal("end-of-call-report"),
  endedReason: text,
  startedAt: VapiTimeSchema,
  endedAt: VapiTimeSchema,
  analysis: optionalField(
    z.looseObject({
      summary: text,
      structuredData: optionalField(z.looseObject({ intent: z.unknown().optional(), sentiment: z.unknown().optional() })),
    }),
  ),
  artifact: optionalField(
    z.looseObject({
      transcript: text,
      messages: optionalItems(ArtifactMessageSchema),
      recordingUrl: httpUrl,
      recording: optionalField(z.looseObject({ mono: optionalField(z.looseObject({ combinedUrl: httpUrl })) })),
    }),
  ),
  summary: text,
  transcript: text,
  recordingUrl: httpUrl,
  // 2024's reports also carried the lines here, beside transcript and summary: read when the
  // artifact has none.
  messages: optionalItems(ArtifactMessageSchema),
});
type Report = z.infer<typeof ReportSchema>;

const SENTIMENTS = ["positive", "neutral", "negative"] as const;

/**
 * end-of-call-report: completes the call in one round trip, and creates it when the report is the
 * only message we received. The report's messages ("bot" is VAPI's name for the assistant there)
 * fill in every line the live transcript messages did not bring; record_call_report says how a
 * report line is matched with a live one.
 */
export async function handleEndOfCallReport(db: Database, message: unknown, now: Date): Promise<void> {
  const report = ReportSchema.parse(message);
  const identity = callIdentityOf(report, now);
  const result = await db.recordCallReport({ ...identity, ...reportFields(report) });
  if (result.outcome !== "stored") log.warn("vapi_report_ignored", { vapiCallId: identity.vapiCallId, outcome: result.outcome });
}

function reportFields(report: Report): Omit<CallReportEvent, keyof ReturnType<typeof callIdentityOf>> {
  const structured = report.analysis?.structuredData;
  const sentiment = typeof structured?.sentiment === "string" ? structured.sentiment.toLowerCase() : undefined;
  return {
    endedReason: report.endedReason?.slice(0, 200) ?? null,
    // A start after the end is one of them wrong: keep neither rather than break the row.
    ...timing(report.startedAt, report.endedAt),
    summary: report.analysis?.summary ?? report.summary ?? null,
    fullTranscript: report.artifact?.transcript ?? report.transcript ?? null,
    recordingUrl: report.artifact?.recordingUrl ?? report.artifact?.recording?.mono?.combinedUrl ?? report.recordingUrl ?? null,
    intent: typeof structured?.intent === "string" ? structured.intent.slice(0, 200) : null,
    sentiment: SENTIMENTS.find((s) => s === sentiment) ?? null,
    lines: (report.artifact?.messages.length ? report.artifact.messages : report.messages).flatMap((m) => {
      const role = m.role === "bot" || m.role === "assistant" ? "assistant" : m.role === "user" ? "user" : undefined;
      const text = m.message?.trim();
      const spokenAt = m.time;
      return role && text && spokenAt ? [{ role, text, spokenAt, spokenUntil: spokenUntil(m, spokenAt) } as const] : [];
    }),
  };
}

/** When a line's words ended: record_call_report looks for the live lines a report line joins
 *  around its span. endTime when VAPI gives it; else the start plus the duration, which is short
 *  of the span when the duration is in seconds (2024) or counts only the words (025), and the
 *  database allows for that. */
function spokenUntil(message: ArtifactMessage, spokenAt: Date): Date | undefined {
  if (message.endTime && message.endTime >= spokenAt) return message.endTime;
  return message.duration === undefined ? undefined : new Date(spokenAt.getTime() + message.duration);
}

function timing(start: Date | undefined, end: Date | undefined): { startedAt: Date | null; endedAt: Date | null } {
  return start && end && start > end ? { startedAt: null, endedAt: null } : { startedAt: start ?? null, endedAt: end ?? null };
}
