-- Purpose: the operator API reads a business's calls a page at a time (newest first, filtered by
--          date range and status) and one call with its transcript and bookings, each in one round
--          trip.
-- Affects: index calls_business_id_at_id_idx; functions public.list_business_calls,
--          public.call_details.

-- A call's time is when it started, or, for a call that never started (or whose start we have not
-- heard of yet), when we first heard of it; the list is ordered and paged by that and the id.
create index calls_business_id_at_id_idx
  on public.calls (business_id, (coalesce(started_at, created_at)) desc, id desc);

-- One page of a business's calls, newest first, as jsonb: {calls: [...]} with at most p_limit + 1
-- calls (capped at 201), or null when the business does not exist. Each call carries `at` (its
-- time, the page key) and its bookings; the full transcript text stays out of lists.
-- p_from and p_to bound the call's time, from inclusive, to exclusive: either instants with an
-- offset, or dates (YYYY-MM-DD) meaning the business's local days (p_to's day included), so that
-- "calls on March 3" means March 3 where the business is, also across DST changes.
create or replace function public.list_business_calls(
  p_business_id uuid,
  p_from text default null,
  p_to text default null,
  p_status text default null,
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
    select b.id,
           case when p_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then p_from::date::timestamp at time zone b.timezone
                else p_from::timestamptz end as lower_bound,
           case when p_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then (p_to::date + 1)::timestamp at time zone b.timezone
                else p_to::timestamptz end as upper_bound
    from public.businesses b
    where b.id = p_business_id
  )
  select jsonb_build_object('calls', (
    select coalesce(jsonb_agg(
             (to_jsonb(page) - 'full_transcript' - 'reported_at') || jsonb_build_object('bookings', (
               select coalesce(jsonb_agg(to_jsonb(k) order by k.scheduled_at, k.id), '[]'::jsonb)
               from public.bookings k
               where k.call_id = page.id and k.business_id = page.business_id))
             order by page.at desc, page.id desc), '[]'::jsonb)
    from (
      select c.*, coalesce(c.started_at, c.created_at) as at
      from public.calls c
      where c.business_id = business.id
        and (business.lower_bound is null or coalesce(c.started_at, c.created_at) >= business.lower_bound)
        and (business.upper_bound is null or coalesce(c.started_at, c.created_at) < business.upper_bound)
        and (p_status is null or c.status = p_status)
        and (p_after_at is null or (coalesce(c.started_at, c.created_at), c.id) < (p_after_at, p_after_id))
      order by coalesce(c.started_at, c.created_at) desc, c.id desc
      limit least(greatest(coalesce(p_limit, 50), 1), 200) + 1
    ) page))
  from business
$$;
comment on function public.list_business_calls(uuid, text, text, text, timestamptz, uuid, integer) is 'A page of a business''s calls, newest first (keyset on call time, id), with their bookings; null for an unknown business.';

-- One call with its transcript lines in the order they were spoken (arrival order for lines
-- without a time) and its bookings; null when there is no such call.
create or replace function public.call_details(p_call_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select (to_jsonb(c) - 'reported_at') || jsonb_build_object(
    'transcript', (
      select coalesce(jsonb_agg(jsonb_build_object(
               'sequence', t.sequence, 'role', t.role, 'text', t.text, 'spoken_at', t.spoken_at,
               'seconds_from_start', t.seconds_from_start, 'confidence', t.confidence)
             order by t.spoken_at nulls last, t.sequence), '[]'::jsonb)
      from public.call_transcripts t
      where t.call_id = c.id and t.business_id = c.business_id),
    'bookings', (
      select coalesce(jsonb_agg(to_jsonb(k) order by k.scheduled_at, k.id), '[]'::jsonb)
      from public.bookings k
      where k.call_id = c.id and k.business_id = c.business_id))
  from public.calls c
  where c.id = p_call_id
$$;
comment on function public.call_details(uuid) is 'A call with its transcript lines (in spoken order) and bookings; null for an unknown call.';

revoke execute on function public.list_business_calls(uuid, text, text, text, timestamptz, uuid, integer) from public, anon, authenticated;
revoke execute on function public.call_details(uuid) from public, anon, authenticated;
grant execute on function public.list_business_calls(uuid, text, text, text, timestamptz, uuid, integer) to service_role;
grant execute on function public.call_details(uuid) to service_role;
