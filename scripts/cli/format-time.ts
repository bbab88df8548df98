import { DateTime } from "luxon";

/** An instant as the business sees it: "2026-03-03 10:00 EST" in its time zone ("-" for none).
 *  Times are shown where the business is, since that is the time the caller agreed to. */
export function formatTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return "-";
  const time = DateTime.fromISO(iso, { zone });
  return time.isValid ? time.toFormat("yyyy-MM-dd HH:mm ZZZZ", { locale: "en-US" }) : iso;
}

/** Seconds as "4m 05s" (or "45s"). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "-";
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m ${String(whole % 60).padStart(2, "0")}s` : `${whole}s`;
}
