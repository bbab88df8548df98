import { openSql } from "../../lib/db/open-sql.js";
import type { FakeCalcom } from "./fake-calcom.js";

export interface RowCount {
  expected: number;
  found: number;
  lost: number;
  duplicated: number;
}

/**
 * What the database holds for the run's calls, against what the callers were told: every call
 * (and ended), every transcript line sent, every booking a caller heard confirmed, and every
 * booking the fake Cal.com made recorded here (none left behind unrecorded).
 */
export async function countRows(
  databaseUrl: string,
  calls: { callId: string; booked: boolean; linesSent: number }[],
  calcom: FakeCalcom,
): Promise<Record<"calls" | "ended calls" | "transcript" | "bookings" | "Cal.com", RowCount>> {
  const ids = calls.map((c) => c.callId);
  const sql = openSql(databaseUrl, { max: 1 });
  try {
    const [call] = await sql<{ rows: number; distinct: number; ended: number }[]>`
      select count(*)::int as rows, count(distinct vapi_call_id)::int as distinct,
             count(*) filter (where status = 'ended' and ended_at is not null)::int as ended
      from public.calls where vapi_call_id = any(${ids})`;
    const [line] = await sql<{ rows: number; distinct: number }[]>`
      select count(*)::int as rows, count(distinct (t.call_id, t.text))::int as distinct
      from public.call_transcripts t join public.calls c on c.id = t.call_id
      where c.vapi_call_id = any(${ids})`;
    const [booking] = await sql<{ rows: number; distinct: number; uids: string[] }[]>`
      select count(*)::int as rows, count(distinct b.call_id)::int as distinct,
             coalesce(array_agg(b.calcom_booking_uid) filter (where b.calcom_booking_uid is not null), '{}') as uids
      from public.bookings b join public.calls c on c.id = b.call_id
      where c.vapi_call_id = any(${ids}) and b.status in ('pending', 'confirmed')`;
    const ourCallIds = new Set((await sql<{ id: string }[]>`select id from public.calls where vapi_call_id = any(${ids})`).map((r) => r.id));
    const madeAtCalcom = [...calcom.bookings.values()].filter((b) => typeof b.callId === "string" && ourCallIds.has(b.callId));
    const recorded = new Set(booking?.uids ?? []);
    const count = (expected: number, rows: number, distinct: number): RowCount => ({ expected, found: distinct, lost: Math.max(0, expected - distinct), duplicated: rows - distinct });
    return {
      calls: count(calls.length, call?.rows ?? 0, call?.distinct ?? 0),
      "ended calls": count(calls.length, call?.ended ?? 0, call?.ended ?? 0),
      transcript: count(calls.reduce((sum, c) => sum + c.linesSent, 0), line?.rows ?? 0, line?.distinct ?? 0),
      bookings: count(calls.filter((c) => c.booked).length, booking?.rows ?? 0, booking?.distinct ?? 0),
      // Lost here: booked at Cal.com but not recorded (a booking the business would not know came from us).
      "Cal.com": count(madeAtCalcom.length, madeAtCalcom.filter((b) => recorded.has(b.uid)).length, madeAtCalcom.filter((b) => recorded.has(b.uid)).length),
    };
  } finally {
    await sql.end();
  }
}
