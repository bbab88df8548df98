/** Cal.com blocks a credential for 60 s after it exceeds its limit (reference/calcom.md §7). */
const DEFAULT_SECONDS = 60;
/** A reset value this large is a Unix time, not a number of seconds. */
const UNIX_TIME_THRESHOLD = 1_000_000_000;

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds or an HTTP date), else the largest
 * `X-RateLimit-Reset-<name>` (Cal.com's throttler sends one per limit, in seconds), else 60.
 * Always at least 1.
 */
export function retryAfterSeconds(headers: Record<string, string>, now = Date.now()): number {
  const fromRetryAfter = parseRetryAfter(headers["retry-after"], now);
  if (fromRetryAfter !== undefined) return Math.max(1, fromRetryAfter);
  const resets = Object.entries(headers)
    .filter(([name]) => name.startsWith("x-ratelimit-reset"))
    .map(([, value]) => parseReset(value, now))
    .filter((value): value is number => value !== undefined);
  return Math.max(1, resets.length > 0 ? Math.max(...resets) : DEFAULT_SECONDS);
}

function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.ceil((date - now) / 1000);
}

function parseReset(value: string, now: number): number | undefined {
  const number = Number(value.trim());
  if (!Number.isFinite(number) || number < 0 || value.trim() === "") return undefined;
  return number >= UNIX_TIME_THRESHOLD ? Math.ceil(number - now / 1000) : Math.ceil(number);
}
