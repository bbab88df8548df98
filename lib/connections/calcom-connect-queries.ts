import { z } from "zod";

/** GET /api/calcom/connect's query: the signed link an operator issued. Missing is the same as
 *  invalid (the owner sees a page saying so), hence the empty default instead of a 400. */
export const CalcomConnectQuerySchema = z.object({
  link: z.string().default("").describe("The signed connect link token from POST /api/businesses/{id}/connect-link."),
});

/** GET /api/calcom/oauth's query, as Cal.com sends it back (RFC 6749 §4.1.2). */
export const CalcomOAuthCallbackQuerySchema = z.object({
  code: z.string().optional().describe("The authorization code, when the owner approved."),
  state: z.string().optional().describe("The signed, single-use state we sent."),
  error: z.string().optional().describe("Set (e.g. access_denied) when the owner declined."),
});
