-- Purpose: let the previous server code keep working between `db:migrate` and the deploy that
--          follows it. tool_call_context's p_now gets a default (the database's clock), so a call
--          with the earlier six named arguments still finds the function.
-- Affects: function public.tool_call_context (same signature, a default added; grants unchanged).

create or replace function public.tool_call_context(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  -- ["<tool call id>", …] (jsonb, so both transports send it the same way)
  p_tool_call_ids jsonb,
  p_now timestamptz default now(),
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
