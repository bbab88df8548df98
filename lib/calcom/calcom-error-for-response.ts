import { z } from "zod";
import { CalcomError } from "./calcom-error.js";

/**
 * Cal.com's error bodies: `{status:"error", error:{code, message, details}}` from its exception
 * filter, `{error, error_description}` from the OAuth token endpoint (reference/calcom.md §1.2, §7).
 * Anything else is read as "no message".
 */
const NestErrorSchema = z.object({ error: z.object({ code: z.string().optional(), message: z.unknown() }) });
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const BareMessageSchema = z.object({ message: z.unknown() });

/** 400 messages Cal.com uses when the time cannot be booked (errors.service, 2024-08-13). */
const SLOT_CONFLICT =
  /already has booking at this time|is not available|can't be booked at the "start" time|booking_time_out_of_bounds|too soon|too far in the future|book a meeting in the past|no_available_users_found/i;

export interface FailedResponse {
  status: number;
  body: unknown;
  /** e.g. "POST /v2/bookings", for the message. */
  label: string;
  isWrite: boolean;
  retryAfterSeconds: number | undefined;
}

/** Turns a non-2xx answer into the CalcomError callers act on. */
export function calcomErrorForResponse(response: FailedResponse): CalcomError {
  const { status, label } = response;
  const { code, message } = describeErrorBody(response.body);
  const said = message ? `: ${message}` : "";
  const options = { status };
  if (status === 429) {
    const retryAfterSeconds = response.retryAfterSeconds;
    return new CalcomError("rate_limited", `Cal.com rate-limited ${label}; retry in ${retryAfterSeconds} s`, { ...options, retryAfterSeconds });
  }
  if (status === 409) return new CalcomError("slot_unavailable", `Cal.com refused ${label}: the time is taken (409)${said}`, options);
  if (status === 400 && code === "invalid_grant") {
    return new CalcomError("invalid_grant", `Cal.com refused the grant (${message ?? "invalid_grant"}); the business must reconnect Cal.com`, options);
  }
  if (status === 400 && message !== undefined && SLOT_CONFLICT.test(message)) {
    return new CalcomError("slot_unavailable", `Cal.com refused ${label}: the time cannot be booked${said}`, options);
  }
  if (status === 401 || status === 403) {
    return new CalcomError("unauthorized", `Cal.com refused the credential for ${label} (${status})${said}; the business may need to reconnect`, options);
  }
  if (status === 404) return new CalcomError("not_found", `Cal.com found nothing for ${label} (404)${said}`, options);
  if (status >= 400 && status < 500) return new CalcomError("bad_request", `Cal.com rejected ${label} (${status})${said}`, options);
  return new CalcomError("unavailable", `Cal.com failed ${label} (${status})${said}`, { ...options, outcomeUnknown: response.isWrite });
}

function describeErrorBody(body: unknown): { code?: string; message?: string } {
  const nest = NestErrorSchema.safeParse(body);
  if (nest.success) return { code: nest.data.error.code, message: textOf(nest.data.error.message) };
  const oauth = OAuthErrorSchema.safeParse(body);
  if (oauth.success) return { code: oauth.data.error, message: oauth.data.error_description ?? oauth.data.error };
  const bare = BareMessageSchema.safeParse(body);
  return bare.success ? { message: textOf(bare.data.message) } : {};
}

/** Messages are strings, or lists of them (class-validator); kept short. */
function textOf(message: unknown): string | undefined {
  const text = typeof message === "string" ? message : Array.isArray(message) ? message.filter((m) => typeof m === "string").join("; ") : undefined;
  if (!text) return undefined;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
