-- Purpose: members list their business's bookings as the dashboard shows them (issue 12): upcoming
--          ones soonest first, past ones latest first, a page at a time, in one round trip.
-- Affects: function public.member_business_bookings (new; executable by authenticated only).
--
-- Security invoker, filtered only by the business id it is given: the policies on businesses and
-- bookings decide what a member sees, and another business's id answers null as an unknown one
-- does. (public.list_business_bookings orders by appointment time only forwards; past bookings
-- read backwards from now, so this is a function of its own.)

-- p_when: 'upcoming' = not over yet (an appointment in progress included), ordered by start then
-- id; 'past' = over, ordered by start then id descending. Keyset pages as in the operator lists:
-- at most p_limit + 1 rows (capped at 201), the next page starting after (p_after_at, p_after_id).
-- A booking lasts at most a day (bookings_duration_minutes_check), so those not over have started
-- at most a day ago, and both halves are ranges of bookings_business_id_scheduled_at_idx.
create function public.member_business_bookings(
  p_business_id uuid,
  p_when text,
  p_after_at timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 50
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with business as (
    select b.id from public.businesses b where b.id = p_business_id
  ),
  upcoming as (
    select k.*
    from business
    join public.bookings k on k.business_id = business.id
    where p_when = 'upcoming'
      and k.scheduled_at > now() - interval '1 day'
      and k.ends_at > now()
      and (p_after_at is null or (k.scheduled_at, k.id) > (p_after_at, p_after_id))
    order by k.scheduled_at, k.id
    limit least(greatest(coalesce(p_limit, 50), 1), 200) + 1
  ),
  past as (
    select k.*
    from business
    join public.bookings k on k.business_id = business.id
    where p_when = 'past'
      and k.scheduled_at < now()
      and k.ends_at <= now()
      and (p_after_at is null or (k.scheduled_at, k.id) < (p_after_at, p_after_id))
    order by k.scheduled_at desc, k.id desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200) + 1
  )
  select jsonb_build_object('bookings', case p_when
    when 'upcoming' then (select coalesce(jsonb_agg(to_jsonb(u) order by u.scheduled_at, u.id), '[]'::jsonb) from upcoming u)
    when 'past' then (select coalesce(jsonb_agg(to_jsonb(p) order by p.scheduled_at desc, p.id desc), '[]'::jsonb) from past p)
  end)
  from business
$$;
comment on function public.member_business_bookings(uuid, text, timestamptz, uuid, integer) is 'A page of a business''s upcoming (soonest first) or past (latest first) bookings, as the member sees them; null when the member cannot see the business.';

-- Members only: as service_role (which bypasses row-level security) it would answer for any
-- business, so the server can reach it only by acting as the member.
revoke execute on function public.member_business_bookings(uuid, text, timestamptz, uuid, integer) from public, anon, service_role;
grant execute on function public.member_business_bookings(uuid, text, timestamptz, uuid, integer) to authenticated;
