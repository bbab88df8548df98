import { createHash } from "node:crypto";
import type { Booking } from "../../db/booking-row.js";
import type { Business } from "../../db/business-row.js";
import type { CalcomConnectionRow } from "../../db/calcom-queries.js";
import type { Call } from "../../db/call-row.js";
import type { Database } from "../../db/database.js";
import type { Interval } from "../../scheduling/local-day.js";

/** Everything a tool may use: the business and call of the verified message, never its arguments. */
export interface ToolContext {
  db: Database;
  business: Business;
  call: Call;
  now: Date;
  /** Cal.com is not asked after this; the caller hears a fallback instead. */
  deadline: Date;
  /** What the calendar needs, read with the call in the message's one round trip. */
  calendar: {
    /** The instants `busy` covers (see busyWindowOf); null when none was read. */
    window: Interval | null;
    /** Live built-in bookings in the window. */
    busy: Interval[];
    calcom: CalcomConnectionRow | null;
    /** The caller's bookings still to come, by caller ID; null when they must be read afresh. */
    callerBookings: Booking[] | null;
    /** Bookings these tool calls already made, by idempotency key. */
    booked: ReadonlyMap<string, Booking>;
  };
}

/**
 * What a tool answers. An acting tool's answer is kept so a redelivered tool call hears it again
 * instead of acting: a change keeps it itself (the booking made with the tool call's key, or the
 * cancel or move with its answer in the same transaction) and says so with `kept(…)`; any other
 * answer of an acting tool (a refusal, a question) is saved after it. Reads are answered afresh.
 */
export type ToolAnswer = string | { kept: string };

export function kept(text: string): ToolAnswer {
  return { kept: text };
}

/** Tool call ids up to this long go into booking keys as they are (keys hold 200 characters). */
const KEY_ID_LENGTH = 100;

/** The idempotency key of the booking a tool call makes: the same tool call of the same call
 *  books once. The call (our id of it) is part of the key: tool call ids are VAPI's, and two calls
 *  that share one must never be answered with each other's booking. A longer id is shortened to
 *  its SHA-256, so any id VAPI sends can book. tool_call_context returns the call's bookings by
 *  these keys (the prefix is its to match). */
export function bookingKeyOf(callId: string, toolCallId: string): string {
  const id = toolCallId.length <= KEY_ID_LENGTH ? toolCallId : `sha256:${createHash("sha256").update(toolCallId).digest("base64url")}`;
  return `vapi-tool-call:${callId}:${id}`;
}

/** What the caller hears when the calendar cannot answer in time (DESIGN §3). */
export const CALENDAR_FALLBACK = "I can't reach the calendar right now. I'll take your name and number, and the team will call you back to book.";
