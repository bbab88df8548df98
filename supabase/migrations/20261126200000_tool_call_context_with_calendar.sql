-- Purpose: one database round trip before a phone tool acts, and one for the act itself. The tool
--          call context now also carries what the calendar needs (built-in bookings in a window,
--          the Cal.com connection, the caller's own bookings, bookings these tool calls already
--          made), and cancelling or moving a caller's booking keeps the tool's answer in the same
--          transaction as the change.
-- Affects: functions public.tool_call_context (new signature), public.cancel_caller_booking and
--          public.reschedule_caller_booking (new trailing p_answer argument).

drop function public.tool_call_context(text, text, text, text, text, jsonb);

-- The business of the called line, the call (created as in progress if this is the first message
-- of it), the answers already given to these tool calls and, for the calendar:
--   busy            live built-in bookings overlapping [p_busy_from, p_busy_to) (none without a window);
--   calcom          the Cal.com connection when the business has one;
--   callerBookings  the caller's live bookings that have not ended by p_now (caller ID only);
--   booked          bookings already made by these tool calls, by idempotency key.
create function public.tool_call_context(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  -- ["<tool call id>", …] (jsonb, so both transports send it the same way)
  p_tool_call_ids jsonb,
  p_now timestamptz,
  p_busy_from timestamptz default null,
  p_busy_to timestamptz default null
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
  call := private.open_call(found.id, p_vapi_call_id, p_customer_number, p_direction, 'in-progress');
  if call.id is null then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;
  return jsonb_build_object(
    'outcome', 'found',
    'business', to_jsonb(found),
    'call', to_jsonb(call),
    'answered', coalesce((select jsonb_object_agg(r.tool_call_id, r.result) from public.vapi_tool_results r
                          where r.business_id = found.id
                            and r.tool_call_id in (select jsonb_array_elements_text(p_tool_call_ids))), '{}'::jsonb),
    'busy', coalesce((
      select jsonb_agg(jsonb_build_object('start', k.scheduled_at, 'end', k.ends_at) order by k.scheduled_at)
      from public.bookings k
      where k.business_id = found.id
        and k.calcom_booking_uid is null
        and k.status in ('pending', 'confirmed')
        and k.scheduled_at < p_busy_to
        and k.ends_at > p_busy_from
    ), '[]'::jsonb),
    'calcom', case when found.calcom_status <> 'not_connected' then public.calcom_connection(found.id) end,
    'callerBookings', coalesce((
      select jsonb_agg(to_jsonb(k) order by k.scheduled_at)
      from public.bookings k
      where k.business_id = found.id
        and call.customer_number is not null
        and k.customer_phone = call.customer_number
        and k.status in ('pending', 'confirmed')
        and k.ends_at > p_now
    ), '[]'::jsonb),
    'booked', coalesce((
      select jsonb_object_agg(k.idempotency_key, to_jsonb(k))
      from public.bookings k
      where k.business_id = found.id
        and k.idempotency_key in (select 'vapi-tool-call:' || jsonb_array_elements_text(p_tool_call_ids))
    ), '{}'::jsonb)
  );
end;
$$;
comment on function public.tool_call_context(text, text, text, text, text, jsonb, timestamptz, timestamptz, timestamptz) is 'Business, call, earlier answers and calendar context for a VAPI tool-calls message.';

-- p_answer: {"callId", "toolCallId", "name", "result"}, kept in vapi_tool_results only when the
-- change happened, in its transaction: a redelivered tool call then hears the same answer.
create or replace function private.keep_tool_answer(p_business_id uuid, p_answer jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.vapi_tool_results (business_id, tool_call_id, call_id, tool, result)
  select p_business_id, p_answer ->> 'toolCallId', (p_answer ->> 'callId')::uuid, p_answer ->> 'name', p_answer ->> 'result'
  where p_answer is not null
  on conflict (business_id, tool_call_id) do nothing
$$;
comment on function private.keep_tool_answer(uuid, jsonb) is 'Keeps a tool answer with the change it describes (first answer wins).';
revoke execute on function private.keep_tool_answer(uuid, jsonb) from public, anon, authenticated;
grant execute on function private.keep_tool_answer(uuid, jsonb) to service_role;

drop function public.cancel_caller_booking(uuid, uuid, text);
drop function public.reschedule_caller_booking(uuid, uuid, text, timestamptz, bigint, text);

-- Cancels one of the caller's live bookings; null when there is no such booking of theirs.
create function public.cancel_caller_booking(
  p_business_id uuid,
  p_booking_id uuid,
  p_customer_phone text,
  p_answer jsonb default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  changed public.bookings;
begin
  update public.bookings
  set status = 'cancelled', cancelled_at = now()
  where id = p_booking_id
    and business_id = p_business_id
    and customer_phone = p_customer_phone
    and status in ('pending', 'confirmed')
  returning * into changed;
  if changed.id is null then
    return null;
  end if;
  perform private.keep_tool_answer(p_business_id, p_answer);
  return to_jsonb(changed);
end;
$$;

-- Moves one of the caller's live bookings to a new start (and, for Cal.com, to the booking Cal.com
-- made in its place). A built-in booking that would overlap another raises exclusion_violation.
create function public.reschedule_caller_booking(
  p_business_id uuid,
  p_booking_id uuid,
  p_customer_phone text,
  p_start timestamptz,
  p_calcom_booking_id bigint default null,
  p_calcom_booking_uid text default null,
  p_answer jsonb default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  changed public.bookings;
begin
  update public.bookings
  set scheduled_at = p_start,
      calcom_booking_id = coalesce(p_calcom_booking_id, calcom_booking_id),
      calcom_booking_uid = coalesce(p_calcom_booking_uid, calcom_booking_uid)
  where id = p_booking_id
    and business_id = p_business_id
    and customer_phone = p_customer_phone
    and status in ('pending', 'confirmed')
  returning * into changed;
  if changed.id is null then
    return null;
  end if;
  perform private.keep_tool_answer(p_business_id, p_answer);
  return to_jsonb(changed);
end;
$$;

do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.tool_call_context(text, text, text, text, text, jsonb, timestamptz, timestamptz, timestamptz)',
    'public.cancel_caller_booking(uuid, uuid, text, jsonb)',
    'public.reschedule_caller_booking(uuid, uuid, text, timestamptz, bigint, text, jsonb)'
  ] loop
    execute format('revoke execute on function %s from public, anon, authenticated', fn);
    execute format('grant execute on function %s to service_role', fn);
  end loop;
end;
$$;
