import { z } from "zod";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";
import { optionalField } from "../schemas/optional-field.js";

/** VAPI sends `transcript`, or literally `transcript[transcriptType="final"]` when subscribed to
 *  final lines only (reference/vapi.md §3.3). */
export const TRANSCRIPT_TYPES = ["transcript", 'transcript[transcriptType="final"]'] as const;

const TranscriptSchema = CallIdentitySchema.extend({
  type: z.enum(TRANSCRIPT_TYPES),
  role: z.string(),
  // VAPI has only ever sent "partial" and "final"; a line without one is taken as final.
  transcriptType: optionalField(z.string()),
  // No length limit of its own: a line is stored whole, as long as the webhook's body limit allows.
  transcript: z.string(),
});

/** The speakers call_transcripts knows, by the names VAPI gives them. */
const ROLES: Record<string, "assistant" | "user"> = { assistant: "assistant", bot: "assistant", user: "user" };

/**
 * transcript: final lines only (partials are drafts of the same words), each stored once even when
 * delivered twice, in one round trip that also creates the call if this is the first we hear of it.
 */
export async function handleTranscript(db: Database, message: unknown, now: Date): Promise<void> {
  const line = TranscriptSchema.parse(message);
  if ((line.transcriptType ?? "final") !== "final" || line.transcript.trim() === "") return;
  const identity = callIdentityOf(line, now);
  const role = Object.hasOwn(ROLES, line.role) ? ROLES[line.role] : undefined;
  if (!role) {
    log.warn("vapi_transcript_role_unknown", { vapiCallId: identity.vapiCallId, role: line.role.slice(0, 100) });
    return;
  }
  const outcome = await db.recordTranscriptLine({ ...identity, role, text: line.transcript.trim(), spokenAt: identity.at });
  if (outcome === "unknown_business" || outcome === "foreign_call") log.warn("vapi_transcript_ignored", { vapiCallId: identity.vapiCallId, outcome });
}
