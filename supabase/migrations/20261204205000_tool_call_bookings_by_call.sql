-- Purpose: a tool call id of any length VAPI sends can book. Booking keys were
--          vapi-tool-call:<call uuid>:<tool call id>, 52 characters before the id, and keys are at
--          most 200: an id over 148 characters could never book (the caller heard the fallback).
--          The server now shortens a long id to its SHA-256 in the key (bookingKeyOf), so
--          tool_call_context no longer builds the keys itself: it returns every booking the call's
--          tool calls made (a handful), found through bookings (call_id, business_id).
-- Affects: function public.tool_call_context (same signature and grants).

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
                            and r.call_id = call.id
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
    -- Every booking this call's tool calls made, by idempotency key (lib/vapi/tools/tool-context.ts
    -- bookingKeyOf builds the keys; the server looks its tool calls' keys up among these).
    'booked', coalesce((
      select jsonb_object_agg(k.idempotency_key, to_jsonb(k))
      from public.bookings k
      where k.business_id = found.id
        and k.call_id = call.id
        and starts_with(k.idempotency_key, 'vapi-tool-call:' || call.id::text || ':')
    ), '{}'::jsonb)
  );
end;
$$;
