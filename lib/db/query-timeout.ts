import { ANSWER_DEADLINES } from "../answer-deadlines.js";

/**
 * No database call waits longer than this, whoever makes it: the longest any answer may wait for
 * its dependencies (ANSWER_DEADLINES), so operator routes and everything else get the same bound
 * as the webhook. Both transports enforce it (a statement on the direct one, an HTTP request on
 * the Supabase one) and reject with DbError "unavailable".
 */
export const QUERY_TIMEOUT_MS = Math.max(...Object.values(ANSWER_DEADLINES).map((deadline) => deadline.waitMs));
