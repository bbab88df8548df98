-- Purpose: record a VAPI call's status in one round trip, whichever message arrives first: the call
--          row is created (business found by VAPI phone number id or called number) or updated,
--          and its status only ever moves forward.
-- Affects: functions private.call_status_rank, public.record_call_status.

-- Where a status stands in a call's life; a status of lower rank never replaces a higher one, so
-- late or repeated messages cannot move a call back. The three ends share the top rank.
create or replace function private.call_status_rank(status text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case status
    when 'scheduled' then 0
    when 'queued' then 1
    when 'ringing' then 2
    when 'in-progress' then 3
    when 'forwarding' then 4
    else 5 -- ended, not-found, deletion-failed
  end
$$;
revoke execute on function private.call_status_rank(text) from public, anon, authenticated;
grant execute on function private.call_status_rank(text) to service_role;

-- Returns {outcome: 'stored', call} or {outcome: 'unknown_business'} when no business answers the
-- line. A VAPI call id already stored for another business is left alone ('foreign_call'): the
-- tenant is the business of the line, never a call id someone else presents.
create or replace function public.record_call_status(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  p_status text,
  p_ended_reason text default null,
  p_at timestamptz default now()
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  business uuid;
  stored public.calls;
begin
  select b.id into business from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number) b;
  if business is null then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;

  insert into public.calls as c (
    business_id, vapi_call_id, customer_number, direction, status, started_at, ended_at, ended_reason
  ) values (
    business, p_vapi_call_id, p_customer_number, coalesce(p_direction, 'inbound'), p_status,
    -- Only a call seen in progress has a known start; an end seen first says nothing about it.
    case when p_status in ('in-progress', 'forwarding') then p_at end,
    case when p_status = 'ended' then p_at end,
    case when p_status = 'ended' then p_ended_reason end
  )
  on conflict (vapi_call_id) do update set
    status = case when private.call_status_rank(excluded.status) > private.call_status_rank(c.status) then excluded.status else c.status end,
    customer_number = coalesce(c.customer_number, excluded.customer_number),
    started_at = coalesce(c.started_at, excluded.started_at),
    -- Clocks of different messages may disagree by a little: an end is never before the start.
    ended_at = coalesce(c.ended_at, case when excluded.ended_at is not null then greatest(excluded.ended_at, coalesce(c.started_at, excluded.ended_at)) end),
    ended_reason = coalesce(c.ended_reason, excluded.ended_reason)
  where c.business_id = excluded.business_id
  returning * into stored;

  if stored.id is null then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;
  return jsonb_build_object('outcome', 'stored', 'call', to_jsonb(stored));
end;
$$;
comment on function public.record_call_status(text, text, text, text, text, text, text, timestamptz) is 'Creates or advances a call from a VAPI status message; status never moves backwards.';

revoke execute on function public.record_call_status(text, text, text, text, text, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.record_call_status(text, text, text, text, text, text, text, timestamptz) to service_role;
