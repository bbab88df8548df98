-- Purpose: the operator API lists businesses a page at a time and changes a business's settings,
--          each in one round trip.
-- Affects: index businesses_created_at_id_idx; functions public.list_businesses,
--          public.update_business.

-- Newest first, with the id breaking ties, so a page boundary is a (created_at, id) pair.
create index businesses_created_at_id_idx on public.businesses (created_at desc, id desc);

-- One page of businesses, newest first, as a jsonb array: at most p_limit + 1 rows (capped at 201),
-- so the server can tell whether another page follows. The page starts after the (created_at, id)
-- of the previous page's last row when p_after_created_at is given.
create or replace function public.list_businesses(
  p_active boolean default null,
  p_phone_number text default null,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 50
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(jsonb_agg(to_jsonb(page) order by page.created_at desc, page.id desc), '[]'::jsonb)
  from (
    select b.*
    from public.businesses b
    where (p_active is null or b.active = p_active)
      and (p_phone_number is null or b.phone_number = p_phone_number)
      and (p_after_created_at is null or (b.created_at, b.id) < (p_after_created_at, p_after_id))
    order by b.created_at desc, b.id desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200) + 1
  ) page
$$;
comment on function public.list_businesses(boolean, text, timestamptz, uuid, integer) is 'A page of businesses, newest first (keyset on created_at, id); one row more than asked when more follow.';

-- Changes the settings named in p_changes (snake_case column names; a key with null clears a
-- nullable column, an absent key leaves the column alone). Returns {outcome: 'updated', business},
-- {outcome: 'unknown_business'} or {outcome: 'unknown_event_type', offered: [ids]} when the default
-- event type is not one of the business's Cal.com event types. A phone number or VAPI number id
-- another business has raises unique_violation; the table's checks reject invalid values.
create or replace function public.update_business(p_business_id uuid, p_changes jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  updated public.businesses;
begin
  -- The row lock makes the event type check and the update one decision: a Cal.com reconnect
  -- replacing the event types waits for it.
  perform 1 from public.businesses where id = p_business_id for update;
  if not found then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;
  if p_changes ? 'calcom_default_event_type_id' and not exists (
    select 1 from public.calcom_event_types e
    where e.business_id = p_business_id and e.event_type_id = (p_changes ->> 'calcom_default_event_type_id')::bigint
  ) then
    return jsonb_build_object('outcome', 'unknown_event_type', 'offered', (
      select coalesce(jsonb_agg(e.event_type_id order by e.event_type_id), '[]'::jsonb)
      from public.calcom_event_types e where e.business_id = p_business_id));
  end if;

  update public.businesses b set
    name = case when p_changes ? 'name' then p_changes ->> 'name' else b.name end,
    phone_number = case when p_changes ? 'phone_number' then p_changes ->> 'phone_number' else b.phone_number end,
    vapi_phone_number_id = case when p_changes ? 'vapi_phone_number_id' then p_changes ->> 'vapi_phone_number_id' else b.vapi_phone_number_id end,
    vapi_assistant_id = case when p_changes ? 'vapi_assistant_id' then p_changes ->> 'vapi_assistant_id' else b.vapi_assistant_id end,
    timezone = case when p_changes ? 'timezone' then p_changes ->> 'timezone' else b.timezone end,
    business_hours = case when p_changes ? 'business_hours' then p_changes -> 'business_hours' else b.business_hours end,
    greeting = case when p_changes ? 'greeting' then p_changes ->> 'greeting' else b.greeting end,
    fallback_transfer_number = case when p_changes ? 'fallback_transfer_number' then p_changes ->> 'fallback_transfer_number' else b.fallback_transfer_number end,
    slot_minutes = case when p_changes ? 'slot_minutes' then (p_changes ->> 'slot_minutes')::integer else b.slot_minutes end,
    active = case when p_changes ? 'active' then (p_changes ->> 'active')::boolean else b.active end,
    calcom_default_event_type_id = case when p_changes ? 'calcom_default_event_type_id'
      then (p_changes ->> 'calcom_default_event_type_id')::bigint else b.calcom_default_event_type_id end
  where b.id = p_business_id
  returning * into updated;
  return jsonb_build_object('outcome', 'updated', 'business', to_jsonb(updated));
end;
$$;
comment on function public.update_business(uuid, jsonb) is 'Changes the named settings of a business; reports an unknown business or event type as an outcome.';

revoke execute on function public.list_businesses(boolean, text, timestamptz, uuid, integer) from public, anon, authenticated;
revoke execute on function public.update_business(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.list_businesses(boolean, text, timestamptz, uuid, integer) to service_role;
grant execute on function public.update_business(uuid, jsonb) to service_role;
