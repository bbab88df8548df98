import { z } from "zod";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";

/** VAPI sends `transcript`, or literally `transcript[transcriptType="final"]` when subscribed to
 *  final lines only (reference/vapi.md §3.3). */
export const TRANSCRIPT_TYPES = ["transcript", 'transcript[transcriptType="final"]'] as const;

const TranscriptSchema = CallIdentitySchema.extend({
  type: z.enum(TRANSCRIPT_TYPES),
  role: z.enum(["assistant", "user"]),
  transcriptType: z.enum(["partial", "final"]).default("final"),
  transcript: z.string().max(10_000),
});

/**
 * transcript: final lines only (partials are drafts of the same words), each stored once even when
 * delivered twice, in one round trip that also creates the call if this is the first we hear of it.
 */
export async function handleTranscript(db: Database, message: unknown, now: Date): Promise<void> {
  const line = TranscriptSchema.parse(message);
  if (line.transcriptType !== "final" || line.transcript.trim() === "") return;
  const identity = callIdentityOf(line, now);
  const outcome = await db.recordTranscriptLine({ ...identity, role: line.role, text: line.transcript.trim(), spokenAt: identity.at });
  if (outcome === "unknown_business" || outcome === "foreign_call") log.warn("vapi_transcript_ignored", { vapiCallId: identity.vapiCallId, outcome });
}
