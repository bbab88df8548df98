-- Purpose: the operator API reads a business's bookings a page at a time, in appointment order,
--          filtered by date range, status, caller number or call, in one round trip.
-- Affects: function public.list_business_bookings (bookings_business_id_scheduled_at_idx already
--          serves its order).

-- One page of a business's bookings by appointment time (then id), as jsonb {bookings: [...]}
-- with at most p_limit + 1 rows (capped at 201), or null when the business does not exist.
-- p_from and p_to bound the appointment's start as in public.list_business_calls: instants with an
-- offset, or dates (YYYY-MM-DD) meaning the business's local days, p_to's day included.
create or replace function public.list_business_bookings(
  p_business_id uuid,
  p_from text default null,
  p_to text default null,
  p_status text default null,
  p_customer_phone text default null,
  p_call_id uuid default null,
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
  select jsonb_build_object('bookings', (
    select coalesce(jsonb_agg(to_jsonb(page) order by page.scheduled_at, page.id), '[]'::jsonb)
    from (
      select k.*
      from public.bookings k
      where k.business_id = business.id
        and (business.lower_bound is null or k.scheduled_at >= business.lower_bound)
        and (business.upper_bound is null or k.scheduled_at < business.upper_bound)
        and (p_status is null or k.status = p_status)
        and (p_customer_phone is null or k.customer_phone = p_customer_phone)
        and (p_call_id is null or k.call_id = p_call_id)
        and (p_after_at is null or (k.scheduled_at, k.id) > (p_after_at, p_after_id))
      order by k.scheduled_at, k.id
      limit least(greatest(coalesce(p_limit, 50), 1), 200) + 1
    ) page))
  from business
$$;
comment on function public.list_business_bookings(uuid, text, text, text, text, uuid, timestamptz, uuid, integer) is 'A page of a business''s bookings by appointment time (keyset on scheduled_at, id); null for an unknown business.';

revoke execute on function public.list_business_bookings(uuid, text, text, text, text, uuid, timestamptz, uuid, integer) from public, anon, authenticated;
grant execute on function public.list_business_bookings(uuid, text, text, text, text, uuid, timestamptz, uuid, integer) to service_role;
