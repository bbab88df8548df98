-- Purpose: the context of a tool call in one round trip: the call as we recorded it and the
--          business it belongs to. The tenant is the business of the verified call's line, never
--          anything in the tool's arguments.
-- Affects: function public.call_context.

-- Null when the call is unknown, or when the line the message names is not the call's business.
create or replace function public.call_context(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('call', to_jsonb(c), 'business', to_jsonb(b))
  from public.calls c
  join public.businesses b on b.id = c.business_id
  where c.vapi_call_id = p_vapi_call_id
    and b.id = (select f.id from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number) f)
$$;
comment on function public.call_context(text, text, text) is 'A recorded call and its business, if the named line is that business''s.';

revoke execute on function public.call_context(text, text, text) from public, anon, authenticated;
grant execute on function public.call_context(text, text, text) to service_role;
