import { z } from "zod";
import type { CallReportEvent } from "../db/call-queries.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf, validDate } from "./call-identity.js";

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const isoInstant = z.iso.datetime({ offset: true });

const ArtifactMessageSchema = z.looseObject({
  role: z.string(),
  message: z.string().optional(),
  time: z.number().optional(),
});

/** reference/vapi.md §3.6: artifact and analysis are current; top-level transcript, summary and
 *  recordingUrl are legacy duplicates, read only when the current fields are absent. */
const ReportSchema = CallIdentitySchema.extend({
  type: z.literal("end-of-call-report"),
  // Optional parts that do not look as expected are dropped, never a reason to lose the report.
  endedReason: z.string().max(200).optional().catch(undefined),
  startedAt: isoInstant.optional().catch(undefined),
  endedAt: isoInstant.optional().catch(undefined),
  analysis: z
    .looseObject({
      summary: z.string().optional().catch(undefined),
      structuredData: z.looseObject({ intent: z.unknown().optional(), sentiment: z.unknown().optional() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  artifact: z
    .looseObject({
      transcript: z.string().optional().catch(undefined),
      messages: z.array(ArtifactMessageSchema).optional().catch(undefined),
      recordingUrl: httpUrl.optional().catch(undefined),
      recording: z.looseObject({ mono: z.looseObject({ combinedUrl: httpUrl.optional().catch(undefined) }).optional() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  summary: z.string().optional().catch(undefined),
  transcript: z.string().optional().catch(undefined),
  recordingUrl: httpUrl.optional().catch(undefined),
});
type Report = z.infer<typeof ReportSchema>;

const SENTIMENTS = ["positive", "neutral", "negative"] as const;

/**
 * end-of-call-report: completes the call in one round trip, and creates it when the report is the
 * only message we received. Live transcript lines win; the report's messages fill in when none
 * arrived ("bot" is VAPI's name for the assistant there).
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
    endedReason: report.endedReason ?? null,
    // A start after the end is one of them wrong: keep neither rather than break the row.
    ...timing(report.startedAt, report.endedAt),
    summary: report.analysis?.summary ?? report.summary ?? null,
    fullTranscript: report.artifact?.transcript ?? report.transcript ?? null,
    recordingUrl: report.artifact?.recordingUrl ?? report.artifact?.recording?.mono?.combinedUrl ?? report.recordingUrl ?? null,
    intent: typeof structured?.intent === "string" ? structured.intent.slice(0, 200) : null,
    sentiment: SENTIMENTS.find((s) => s === sentiment) ?? null,
    lines: (report.artifact?.messages ?? []).flatMap((m) => {
      const role = m.role === "bot" || m.role === "assistant" ? "assistant" : m.role === "user" ? "user" : undefined;
      const text = m.message?.trim();
      const spokenAt = validDate(m.time);
      return role && text && spokenAt ? [{ role, text, spokenAt } as const] : [];
    }),
  };
}

function timing(startedAt: string | undefined, endedAt: string | undefined): { startedAt: Date | null; endedAt: Date | null } {
  const start = startedAt ? new Date(startedAt) : null;
  const end = endedAt ? new Date(endedAt) : null;
  return start && end && start > end ? { startedAt: null, endedAt: null } : { startedAt: start, endedAt: end };
}
