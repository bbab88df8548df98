import { z } from "zod";
import { CALL_STATUSES } from "../db/call-row.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { CallIdentitySchema, callIdentityOf } from "./call-identity.js";
import { optionalField } from "../schemas/optional-field.js";

const StatusUpdateSchema = CallIdentitySchema.extend({
  type: z.literal("status-update"),
  status: optionalField(z.string()),
  endedReason: optionalField(z.string()),
});

/**
 * status-update: one round trip that creates the call if it is the first message we hear of it,
 * and moves its status forward only (a late "ringing" after "in-progress" changes nothing);
 * "ended" stamps ended_at and the ended reason. A line no business answers is logged and ignored,
 * and so is a status VAPI may add that calls.status does not know yet (acknowledged, not refused:
 * VAPI would not send it again).
 */
export async function handleStatusUpdate(db: Database, message: unknown, now: Date): Promise<void> {
  const update = StatusUpdateSchema.parse(message);
  const identity = callIdentityOf(update, now);
  const status = CALL_STATUSES.find((known) => known === update.status);
  if (!status) {
    log.warn("vapi_status_unknown", { vapiCallId: identity.vapiCallId, status: update.status?.slice(0, 100) ?? null });
    return;
  }
  const result = await db.recordCallStatus({ ...identity, status, endedReason: update.endedReason?.slice(0, 200) ?? null });
  if (result.outcome !== "stored") log.warn("vapi_status_update_ignored", { vapiCallId: identity.vapiCallId, outcome: result.outcome });
}
