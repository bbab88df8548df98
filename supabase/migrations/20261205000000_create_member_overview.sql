-- Purpose: the owner dashboard's overview (issue 12) in one round trip: calls today and in the last
--          7 local days (answered, missed, bookings made, conversion, average length), all-time
--          totals, and calls per local day for the last 30 days, zero-filled.
-- Affects: function public.member_business_overview (new; executable by authenticated only).
--
-- It runs as the signed-in member (security invoker, called as `authenticated` with the member's
-- claims): a business the member may not see is invisible to it, so it answers null exactly as
-- for a business that does not exist. The definitions are those of the analytics views
-- (20261126170700): a call is answered when it has talk time, missed when it ended without any,
-- and a booking made is a call that ended with one; conversion is bookings per answered call.

create function public.member_business_overview(p_business_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with business as (
    select b.id, b.name, b.timezone, local.today,
           (local.today - 29)::timestamp at time zone b.timezone as since,
           (local.today + 1)::timestamp at time zone b.timezone as until
    from public.businesses b
    cross join lateral (select (now() at time zone b.timezone)::date as today) as local
    where b.id = p_business_id
  ),
  -- The last 30 local days read from calls directly, as a range of the call time that
  -- calls_business_id_at_id_idx orders: the call_stats_daily view groups every call the business
  -- ever had before a day filter could apply, and its rounded averages cannot be summed over a
  -- week. The bounds are local midnights, so a day is 23 or 25 hours long across a DST change;
  -- as scalar subqueries they are values the index scan can start and stop at.
  daily as (
    select (coalesce(c.started_at, c.created_at) at time zone (select timezone from business))::date as day,
           count(*) as calls,
           count(*) filter (where c.duration_seconds > 0) as answered,
           count(*) filter (where c.status = 'ended' and coalesce(c.duration_seconds, 0) = 0) as missed,
           count(*) filter (where c.booking_made) as bookings,
           coalesce(sum(c.duration_seconds) filter (where c.duration_seconds > 0), 0) as answered_seconds
    from public.calls c
    where c.business_id = (select id from business)
      and coalesce(c.started_at, c.created_at) >= (select since from business)
      and coalesce(c.started_at, c.created_at) < (select until from business)
    group by 1
  ),
  periods as (
    select period.name,
           coalesce(sum(daily.calls), 0) as calls,
           coalesce(sum(daily.answered), 0) as answered,
           coalesce(sum(daily.missed), 0) as missed,
           coalesce(sum(daily.bookings), 0) as bookings,
           round(sum(daily.bookings)::numeric / nullif(sum(daily.answered), 0), 3) as conversion,
           round(sum(daily.answered_seconds) / nullif(sum(daily.answered), 0), 1) as average_duration_seconds
    from business
    cross join (values ('today', 0), ('week', 6)) as period (name, days_back)
    left join daily on daily.day >= business.today - period.days_back
    group by period.name
  )
  select jsonb_build_object(
    'business', jsonb_build_object('id', business.id, 'name', business.name, 'timezone', business.timezone),
    'today', (select to_jsonb(p) - 'name' from periods p where p.name = 'today'),
    'week', (select to_jsonb(p) - 'name' from periods p where p.name = 'week'),
    'all_time', (
      select jsonb_build_object(
        'calls', s.calls, 'answered', s.answered_calls, 'missed', s.missed_calls, 'bookings', s.calls_with_booking,
        'conversion', s.booking_conversion, 'average_duration_seconds', s.average_duration_seconds)
      from public.business_call_stats s
      where s.business_id = business.id),
    'days', (
      select jsonb_agg(jsonb_build_object(
               'day', day.day, 'calls', coalesce(daily.calls, 0), 'answered', coalesce(daily.answered, 0),
               'missed', coalesce(daily.missed, 0), 'bookings', coalesce(daily.bookings, 0))
             order by day.day)
      -- Whole days counted back from today: a series of dates would be one of timestamptz, read in
      -- the session's time zone rather than the business's.
      from generate_series(0, 29) as back (n)
      cross join lateral (select business.today - back.n as day) as day
      left join daily on daily.day = day.day)
  )
  from business
$$;
comment on function public.member_business_overview(uuid) is 'A member''s overview of one business: today, the last 7 days, all time, and calls per local day for 30 days; null when the member cannot see it.';

-- Members only: as service_role (which bypasses row-level security) it would answer for any
-- business, so the server can reach it only by acting as the member.
revoke execute on function public.member_business_overview(uuid) from public, anon, service_role;
grant execute on function public.member_business_overview(uuid) to authenticated;
