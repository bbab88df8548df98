import { z } from "zod";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";

const StatusUpdateSchema = CallIdentitySchema.extend({
  type: z.literal("status-update"),
  status: z.enum(["scheduled", "queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "deletion-failed"]),
  endedReason: z.string().max(200).optional(),
});

/**
 * status-update: one round trip that creates the call if it is the first message we hear of it,
 * and moves its status forward only (a late "ringing" after "in-progress" changes nothing);
 * "ended" stamps ended_at and the ended reason. A line no business answers is logged and ignored.
 */
export async function handleStatusUpdate(db: Database, message: unknown, now: Date): Promise<void> {
  const update = StatusUpdateSchema.parse(message);
  const identity = callIdentityOf(update, now);
  const result = await db.recordCallStatus({ ...identity, status: update.status, endedReason: update.endedReason ?? null });
  if (result.outcome !== "stored") log.warn("vapi_status_update_ignored", { vapiCallId: identity.vapiCallId, outcome: result.outcome });
}
