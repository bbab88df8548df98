/**
 * How long each kind of answer may take, whatever the database or Cal.com do (DESIGN §5, issue 14):
 * `answerMs` is the promise to the sender, `waitMs` how long the work behind the answer may wait
 * for its dependencies before the answer is given without them. The difference is kept for what
 * follows the wait: building and sending the answer on an event loop that may be busy under load.
 */
export const ANSWER_DEADLINES = {
  /** VAPI hangs up on an assistant-request after 7.5 s; past the wait, the caller gets the
   *  assistant that takes a message (no booking tools). */
  assistantRequest: { answerMs: 3_000, waitMs: 2_000 },
  /** A caller waits in silence for a tool's answer; past the wait, every tool call still pending
   *  gets the spoken fallback. The wait is the default of VAPI_TOOL_BUDGET_MS (lib/env.ts), which
   *  may shorten it but not stretch it past `answerMs` less half a second. */
  toolCalls: { answerMs: 5_000, waitMs: 4_000 },
  /** Every other VAPI event: past the wait, a 503 that VAPI (or whoever replays it) may retry. */
  vapiEvent: { answerMs: 5_000, waitMs: 4_000 },
  /** GET /api/health: past the wait, 503 "database unavailable", as when it refuses connections. */
  health: { answerMs: 2_000, waitMs: 1_500 },
} as const;
