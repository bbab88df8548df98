import { openSql } from "../../lib/db/open-sql.js";
import type { FakeCalcom } from "./fake-calcom.js";

export interface RowCount {
  expected: number;
  found: number;
  /** Expected and missing. */
  lost: number;
  /** Found more than once. */
  duplicated: number;
  /** Found without being expected (a booking the caller was not told about). */
  unexpected: number;
}

interface PerCall {
  vapi_call_id: string;
  call_id: string;
  ended: boolean;
  lines: number;
  distinct_lines: number;
  live_bookings: number;
  uids: string[];
}

/**
 * What the database holds for the run's calls against what each caller was told, call by call (so
 * a booking lost on one call cannot hide behind an unannounced one on another): every call, ended;
 * every transcript line sent, once; a live booking exactly for the callers who heard "You're
 * booked"; and every booking the fake Cal.com made, recorded here.
 */
export async function countRows(
  databaseUrl: string,
  calls: { callId: string; booked: boolean; linesSent: number }[],
  calcom: FakeCalcom,
): Promise<Record<"calls" | "ended calls" | "transcript" | "bookings" | "Cal.com", RowCount>> {
  const ids = calls.map((c) => c.callId);
  const sql = openSql(databaseUrl, { max: 1 });
  let rows: PerCall[];
  let callRows: number;
  try {
    rows = await sql<PerCall[]>`
      select c.vapi_call_id, c.id as call_id, (c.status = 'ended' and c.ended_at is not null) as ended,
             (select count(*)::int from public.call_transcripts t where t.call_id = c.id) as lines,
             (select count(distinct t.text)::int from public.call_transcripts t where t.call_id = c.id) as distinct_lines,
             (select count(*)::int from public.bookings b where b.call_id = c.id and b.status in ('pending', 'confirmed')) as live_bookings,
             coalesce((select array_agg(b.calcom_booking_uid) from public.bookings b where b.call_id = c.id and b.calcom_booking_uid is not null), '{}') as uids
      from public.calls c where c.vapi_call_id = any(${ids})`;
    [{ n: callRows } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from public.calls where vapi_call_id = any(${ids})`;
  } finally {
    await sql.end();
  }
  const byCall = new Map(rows.map((r) => [r.vapi_call_id, r]));
  const tally = (): RowCount => ({ expected: 0, found: 0, lost: 0, duplicated: 0, unexpected: 0 });
  const result = { calls: tally(), "ended calls": tally(), transcript: tally(), bookings: tally(), "Cal.com": tally() };
  for (const call of calls) {
    const row = byCall.get(call.callId);
    result.calls.expected += 1;
    result["ended calls"].expected += 1;
    result.transcript.expected += call.linesSent;
    if (call.booked) result.bookings.expected += 1;
    if (!row) {
      result.calls.lost += 1;
      result["ended calls"].lost += 1;
      result.transcript.lost += call.linesSent;
      if (call.booked) result.bookings.lost += 1;
      continue;
    }
    result.calls.found += 1;
    if (row.ended) result["ended calls"].found += 1;
    else result["ended calls"].lost += 1;
    result.transcript.found += row.distinct_lines;
    result.transcript.lost += Math.max(0, call.linesSent - row.distinct_lines);
    result.transcript.duplicated += row.lines - row.distinct_lines;
    result.transcript.unexpected += Math.max(0, row.distinct_lines - call.linesSent);
    result.bookings.found += Math.min(row.live_bookings, 1);
    result.bookings.duplicated += Math.max(0, row.live_bookings - 1);
    if (call.booked && row.live_bookings === 0) result.bookings.lost += 1;
    if (!call.booked && row.live_bookings > 0) result.bookings.unexpected += 1;
  }
  result.calls.duplicated = callRows - result.calls.found;
  // Cal.com's side: every booking it made for these calls is recorded here (none left behind).
  const ourCallIds = new Map(rows.map((r) => [r.call_id, r]));
  for (const made of calcom.bookings.values()) {
    const row = typeof made.callId === "string" ? ourCallIds.get(made.callId) : undefined;
    if (!row) continue;
    result["Cal.com"].expected += 1;
    if (row.uids.includes(made.uid)) result["Cal.com"].found += 1;
    else result["Cal.com"].lost += 1;
  }
  return result;
}
