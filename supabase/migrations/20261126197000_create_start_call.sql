-- Purpose: answer VAPI's assistant-request in one round trip: find the business answering the
--          called line and create (or refresh) the call row.
-- Affects: functions private.open_call, public.start_call.

-- Records a call on a business's line, or finds it: the row, or null when the VAPI call id is
-- already stored for another business (the tenant is the line, never a presented call id).
create or replace function private.open_call(
  p_business_id uuid,
  p_vapi_call_id text,
  p_customer_number text,
  p_direction text,
  p_status text
)
returns public.calls
language sql
volatile
set search_path = ''
as $$
  insert into public.calls as c (business_id, vapi_call_id, customer_number, direction, status)
  values (p_business_id, p_vapi_call_id, p_customer_number, coalesce(p_direction, 'inbound'), p_status)
  on conflict (vapi_call_id) do update set customer_number = coalesce(c.customer_number, excluded.customer_number)
  where c.business_id = excluded.business_id
  returning *
$$;
revoke execute on function private.open_call(uuid, text, text, text, text) from public, anon, authenticated;
grant execute on function private.open_call(uuid, text, text, text, text) to service_role;

-- Returns {outcome: 'started', business, call}, or {outcome: 'unknown_business'}, or
-- {outcome: 'foreign_call'} when the call id is stored for another business. Inactive businesses
-- are returned too: their calls are recorded, and the server decides what the caller hears.
create or replace function public.start_call(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  p_at timestamptz default now()
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  found public.businesses;
  call public.calls;
begin
  select * into found from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number);
  if found.id is null then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;
  call := private.open_call(found.id, p_vapi_call_id, p_customer_number, p_direction, 'queued');
  if call.id is null then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;
  return jsonb_build_object('outcome', 'started', 'business', to_jsonb(found), 'call', to_jsonb(call));
end;
$$;
comment on function public.start_call(text, text, text, text, text, timestamptz) is 'Finds the business of a called line and records the call (VAPI assistant-request).';

revoke execute on function public.start_call(text, text, text, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.start_call(text, text, text, text, text, timestamptz) to service_role;
