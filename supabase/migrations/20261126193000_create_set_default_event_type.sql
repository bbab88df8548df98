-- Purpose: operators choose which of a business's Cal.com event types callers are booked into.
-- Affects: function public.set_calcom_default_event_type.

-- Sets the default to one of the business's stored event types; returns the connection, or null
-- when the business is unknown or the event type is not one of its own.
create or replace function public.set_calcom_default_event_type(p_business_id uuid, p_event_type_id bigint)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
begin
  update public.businesses b
  set calcom_default_event_type_id = p_event_type_id
  where b.id = p_business_id
    and exists (select 1 from public.calcom_event_types e where e.business_id = b.id and e.event_type_id = p_event_type_id);
  if not found then
    return null;
  end if;
  return public.calcom_connection(p_business_id);
end;
$$;
comment on function public.set_calcom_default_event_type(uuid, bigint) is 'Makes one of the business''s Cal.com event types its default.';

revoke execute on function public.set_calcom_default_event_type(uuid, bigint) from public, anon, authenticated;
grant execute on function public.set_calcom_default_event_type(uuid, bigint) to service_role;
