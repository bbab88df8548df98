-- Purpose: what the calendar needs before checking or booking, in one database round trip, for
--          either calendar.
-- Affects: function public.calendar_day.

-- Everything the server needs to answer "what is free on this local day" (or to book an instant
-- on it), in one round trip: the business (hours, zone, slot length), its built-in bookings on that
-- local day, the booking an idempotency key already made, if any, and its Cal.com connection
-- (sealed credentials, event types) when it has one. The day is the business's own: `p_date`, or
-- the local date of `p_at`; its bounds come from PostgreSQL's time zone rules, so they are right on
-- DST change days.
create or replace function public.calendar_day(
  p_business_id uuid,
  p_date date default null,
  p_at timestamptz default null,
  p_idempotency_key text default null
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  with target as (
    select b, coalesce(p_date, (p_at at time zone b.timezone)::date) as day
    from public.businesses b
    where b.id = p_business_id
  ), bounds as (
    select t.b, t.day,
           (t.day::timestamp at time zone (t.b).timezone) as day_start,
           ((t.day + 1)::timestamp at time zone (t.b).timezone) as day_end
    from target t
  )
  select jsonb_build_object(
    'business', to_jsonb(x.b),
    'date', x.day,
    'busy', coalesce((
      select jsonb_agg(jsonb_build_object('start', k.scheduled_at, 'end', k.ends_at) order by k.scheduled_at)
      from public.bookings k
      where k.business_id = p_business_id
        and k.calcom_booking_uid is null
        and k.status in ('pending', 'confirmed')
        and k.scheduled_at < x.day_end
        and k.ends_at > x.day_start
    ), '[]'::jsonb),
    'existing', (
      select to_jsonb(k) from public.bookings k
      where k.business_id = p_business_id and p_idempotency_key is not null and k.idempotency_key = p_idempotency_key
    ),
    'calcom', case when (x.b).calcom_status <> 'not_connected' then public.calcom_connection(p_business_id) end
  )
  from bounds x
$$;
comment on function public.calendar_day(uuid, date, timestamptz, text) is 'A business, its live built-in bookings on one local day, the booking made with an idempotency key, and its Cal.com connection; null when the business is unknown.';

revoke execute on function public.calendar_day(uuid, date, timestamptz, text) from public, anon, authenticated;
grant execute on function public.calendar_day(uuid, date, timestamptz, text) to service_role;
