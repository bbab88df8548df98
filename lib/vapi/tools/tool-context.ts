import type { Business } from "../../db/business-row.js";
import type { Call } from "../../db/call-row.js";
import type { Database } from "../../db/database.js";

/** Everything a tool may use: the business and call of the verified message, never its arguments. */
export interface ToolContext {
  db: Database;
  business: Business;
  call: Call;
  now: Date;
  /** Cal.com is not asked after this; the caller hears a fallback instead. */
  deadline: Date;
}

/** What the caller hears when the calendar cannot answer in time (DESIGN §3). */
export const CALENDAR_FALLBACK = "I can't reach the calendar right now. I'll take your name and number, and the team will call you back to book.";
