import type { Database } from "../db/database.js";
import { ApiError } from "../http/api-error.js";
import { toCallDetailsView, type CallDetailsView } from "./call-view.js";

/** GET /api/calls/{id}: the call with its transcript and bookings; 404 when there is none. */
export async function showCall(db: Database, callId: string): Promise<CallDetailsView> {
  const call = await db.callDetails(callId);
  if (!call) throw new ApiError("not_found", `call ${callId} not found`);
  return toCallDetailsView(call);
}
