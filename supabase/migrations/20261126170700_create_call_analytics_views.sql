-- Purpose: call analytics per business: calls per local day, answered vs missed, average duration
--          and booking conversion.
-- Affects: views public.call_stats_daily, public.business_call_stats.
-- security_invoker: the views run with the reader's rights, so RLS on calls and businesses applies
-- to owners exactly as it does on the tables (a plain view would run as its owner and leak).
-- A call counts as answered when it has talk time (duration > 0) and as missed when it ended
-- without any; calls still in progress are neither.

create view public.call_stats_daily
with (security_invoker = true)
as
select
  c.business_id,
  (coalesce(c.started_at, c.created_at) at time zone b.timezone)::date as day,
  count(*)                                                            as calls,
  count(*) filter (where c.duration_seconds > 0)                      as answered_calls,
  count(*) filter (where c.status = 'ended'
                     and coalesce(c.duration_seconds, 0) = 0)         as missed_calls,
  round(avg(c.duration_seconds) filter (where c.duration_seconds > 0), 1)
                                                                      as average_duration_seconds,
  count(*) filter (where c.booking_made)                              as calls_with_booking
from public.calls c
join public.businesses b on b.id = c.business_id
group by c.business_id, 2;
comment on view public.call_stats_daily is 'Calls per business per local day (business timezone).';

create view public.business_call_stats
with (security_invoker = true)
as
select
  b.id                                                                as business_id,
  count(c.id)                                                         as calls,
  count(c.id) filter (where c.duration_seconds > 0)                   as answered_calls,
  count(c.id) filter (where c.status = 'ended'
                        and coalesce(c.duration_seconds, 0) = 0)      as missed_calls,
  round(avg(c.duration_seconds) filter (where c.duration_seconds > 0), 1)
                                                                      as average_duration_seconds,
  count(c.id) filter (where c.booking_made)                           as calls_with_booking,
  -- Share of answered calls that ended with a booking; null before the first answered call.
  round(
    (count(c.id) filter (where c.booking_made))::numeric
      / nullif(count(c.id) filter (where c.duration_seconds > 0), 0),
    3)                                                                as booking_conversion
from public.businesses b
left join public.calls c on c.business_id = b.id
group by b.id;
comment on view public.business_call_stats is 'All-time call totals and booking conversion per business.';

revoke all on table public.call_stats_daily, public.business_call_stats from public, anon, authenticated;
grant select on table public.call_stats_daily, public.business_call_stats to authenticated, service_role;
