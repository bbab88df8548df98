import type { Sql } from "../../lib/db/open-sql.js";

/**
 * Fills one business with `calls` calls spread over the last 90 days, as a busy line would have
 * them: most answered and ended (0 s, missed, for about one in seven), a booking on about a third
 * of the answered ones, 8 transcript lines each, a few still in progress today. Deterministic
 * (hashes of the row number, no random()), so two runs measure the same data. One statement
 * per table: 10,000 calls take a few seconds.
 */
export async function seedCallHistory(sql: Sql, businessId: string, calls: number): Promise<void> {
  await sql`
    insert into public.calls (business_id, vapi_call_id, customer_number, status, started_at, ended_at,
                              duration_seconds, ended_reason, summary, sentiment, booking_made)
    select ${businessId}::uuid,
           'bench-history-' || g,
           '+1555' || lpad((abs(hashint4(g)) % 10000000)::text, 7, '0'),
           case when g <= 3 then 'in-progress' else 'ended' end,
           now() - (g::double precision / ${calls} * interval '90 days') - interval '1 minute',
           case when g <= 3 then null
                else now() - (g::double precision / ${calls} * interval '90 days')
                     - interval '1 minute' + make_interval(secs => durations.seconds) end,
           case when g <= 3 then null else durations.seconds end,
           case when g <= 3 then null when durations.seconds = 0 then 'customer-did-not-answer' else 'customer-ended-call' end,
           case when durations.seconds = 0 then null
                else 'Caller ' || g || ' asked about opening hours' ||
                     case when durations.booked then ' and booked an appointment.' else '.' end end,
           (array['positive', 'neutral', 'negative'])[1 + abs(hashint4(g + 1)) % 3],
           durations.booked
    from generate_series(1, ${calls}) g
    cross join lateral (
      select case when abs(hashint4(g)) % 7 = 0 then 0 else 30 + abs(hashint4(g + 2)) % 400 end as seconds,
             abs(hashint4(g)) % 7 <> 0 and abs(hashint4(g + 3)) % 3 = 0 as booked
    ) durations`;
  await sql`
    insert into public.bookings (business_id, call_id, customer_name, customer_phone, scheduled_at, duration_minutes, status)
    select c.business_id, c.id, 'Bench caller', c.customer_number,
           -- Oldest call first, spread from 80 days ago to a week ahead (so both the past and
           -- the upcoming list have some) and at least 45 minutes apart: the built-in calendar
           -- refuses overlapping bookings.
           date_trunc('hour', now()) - interval '80 days'
             + (row_number() over (order by c.started_at, c.id))
               * greatest(interval '45 minutes', interval '87 days' / (count(*) over ())),
           30,
           case when abs(hashtext(c.vapi_call_id)) % 10 = 0 then 'cancelled' else 'confirmed' end
    from public.calls c
    where c.business_id = ${businessId} and c.booking_made and c.vapi_call_id like 'bench-history-%'`;
  await sql`update public.bookings set cancelled_at = now() where business_id = ${businessId} and status = 'cancelled' and cancelled_at is null`;
  await sql`
    insert into public.call_transcripts (call_id, business_id, role, text, spoken_at, seconds_from_start, sequence)
    select c.id, c.business_id,
           case when s % 2 = 0 then 'assistant' else 'user' end,
           case when s % 2 = 0 then 'Thanks for calling, how can I help?' else 'I would like to book a visit next week.' end,
           c.started_at + make_interval(secs => s * 4), s * 4, s
    from public.calls c
    cross join generate_series(0, 7) s
    where c.business_id = ${businessId} and c.vapi_call_id like 'bench-history-%'`;
  await sql`analyze public.calls, public.bookings, public.call_transcripts`;
}
