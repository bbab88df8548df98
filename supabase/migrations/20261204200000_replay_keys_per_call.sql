-- Purpose: a replay is answered only to the request it replays.
--          1. Tool call ids are VAPI's, not ours: two calls that shared one heard each other's
--             answers ("You're booked … Caller 5", "Your appointment on … is cancelled"). A tool
--             call's replay key is now (business, call, tool call id): vapi_tool_results is keyed
--             by the call too, and the booking a tool call makes carries the call in its
--             idempotency key (vapi-tool-call:<call uuid>:<tool call id>).
--          2. The booking functions returned the row already holding an idempotency key as the
--             replay without comparing what was asked: the request fingerprint was compared in
--             the app against an earlier read, so racing requests with one key and different
--             bodies were answered with the winner's booking (its name, phone and notes). The
--             fingerprint is now compared where the row is written; a different request gets
--             {"booking": null, "replayed": false, "mismatch": true}.
-- Affects: table public.vapi_tool_results (primary key); functions private.keep_tool_answer,
--          public.save_tool_results, public.tool_call_context, public.book_builtin_slot,
--          public.record_calcom_booking (same signatures and grants).

alter table public.vapi_tool_results drop constraint vapi_tool_results_pkey;
alter table public.vapi_tool_results add primary key (business_id, call_id, tool_call_id);
comment on table public.vapi_tool_results is 'Answers given to VAPI tool calls, by call and tool call id; server only.';

create or replace function private.keep_tool_answer(p_business_id uuid, p_answer jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.vapi_tool_results (business_id, tool_call_id, call_id, tool, result)
  select p_business_id, p_answer ->> 'toolCallId', (p_answer ->> 'callId')::uuid, p_answer ->> 'name', p_answer ->> 'result'
  where p_answer is not null
  on conflict (business_id, call_id, tool_call_id) do nothing
$$;

create or replace function public.save_tool_results(p_business_id uuid, p_call_id uuid, p_results jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.vapi_tool_results (business_id, tool_call_id, call_id, tool, result)
  select p_business_id, r.value ->> 'toolCallId', p_call_id, r.value ->> 'name', r.value ->> 'result'
  from jsonb_array_elements(p_results) r
  on conflict (business_id, call_id, tool_call_id) do nothing
$$;

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
    -- Keyed as lib/vapi/tools/tool-context.ts bookingKeyOf builds them.
    'booked', coalesce((
      select jsonb_object_agg(k.idempotency_key, to_jsonb(k))
      from public.bookings k
      where k.business_id = found.id
        and k.idempotency_key in (select 'vapi-tool-call:' || call.id::text || ':' || jsonb_array_elements_text(p_tool_call_ids))
    ), '{}'::jsonb)
  );
end;
$$;

-- What a booking function answers for the row holding the request's key: the replay when the
-- request is the same one (same fingerprint), else a mismatch that names nothing of the row.
create function private.replay_or_mismatch(p_booked public.bookings, p_idempotency_fingerprint text)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select case
    when p_booked.idempotency_fingerprint is not distinct from p_idempotency_fingerprint
      then jsonb_build_object('booking', to_jsonb(p_booked), 'replayed', true)
    else jsonb_build_object('booking', null, 'replayed', false, 'mismatch', true)
  end
$$;
comment on function private.replay_or_mismatch(public.bookings, text) is 'The answer to a booking request whose idempotency key is already held: the replay, or a mismatch.';
revoke execute on function private.replay_or_mismatch(public.bookings, text) from public, anon, authenticated;
grant execute on function private.replay_or_mismatch(public.bookings, text) to service_role;

create or replace function public.book_builtin_slot(
  p_business_id uuid,
  p_start timestamptz,
  p_duration_minutes integer,
  p_customer_name text,
  p_customer_phone text default null,
  p_customer_email text default null,
  p_notes text default null,
  p_call_id uuid default null,
  p_idempotency_key text default null,
  p_idempotency_fingerprint text default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  booked public.bookings;
begin
  perform private.lock_builtin_calendar(p_business_id);
  begin
    insert into public.bookings (
      business_id, call_id, customer_name, customer_phone, customer_email, notes,
      scheduled_at, duration_minutes, status, idempotency_key, idempotency_fingerprint
    ) values (
      p_business_id, p_call_id, p_customer_name, p_customer_phone, p_customer_email, p_notes,
      p_start, p_duration_minutes, 'confirmed', p_idempotency_key, p_idempotency_fingerprint
    )
    on conflict (business_id, idempotency_key) do nothing
    returning * into booked;
  exception when exclusion_violation then
    -- A concurrent request with the same key may have taken this very slot: that is a replay
    -- (or a mismatch). The exclusion check waited for it to commit, so its row is visible now.
    select * into booked from public.bookings
    where business_id = p_business_id and p_idempotency_key is not null and idempotency_key = p_idempotency_key;
    if booked.id is null then
      raise;
    end if;
    return private.replay_or_mismatch(booked, p_idempotency_fingerprint);
  end;

  if booked.id is not null then
    return jsonb_build_object('booking', to_jsonb(booked), 'replayed', false);
  end if;
  select * into booked from public.bookings
  where business_id = p_business_id and idempotency_key = p_idempotency_key;
  return private.replay_or_mismatch(booked, p_idempotency_fingerprint);
end;
$$;

create or replace function public.record_calcom_booking(
  p_business_id uuid,
  p_calcom_booking_id bigint,
  p_calcom_booking_uid text,
  p_event_type_id bigint,
  p_start timestamptz,
  p_duration_minutes integer,
  p_status text,
  p_customer_name text,
  p_customer_phone text default null,
  p_customer_email text default null,
  p_notes text default null,
  p_call_id uuid default null,
  p_idempotency_key text default null,
  p_idempotency_fingerprint text default null,
  p_metadata jsonb default '{}'::jsonb
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  booked public.bookings;
begin
  insert into public.bookings (
    business_id, call_id, calcom_booking_id, calcom_booking_uid, event_type_id, customer_name,
    customer_phone, customer_email, notes, scheduled_at, duration_minutes, status, idempotency_key,
    idempotency_fingerprint, metadata
  ) values (
    p_business_id, p_call_id, p_calcom_booking_id, p_calcom_booking_uid, p_event_type_id, p_customer_name,
    p_customer_phone, p_customer_email, p_notes, p_start, p_duration_minutes, p_status, p_idempotency_key,
    p_idempotency_fingerprint, coalesce(p_metadata, '{}'::jsonb)
  )
  on conflict (business_id, idempotency_key) do nothing
  returning * into booked;
  if booked.id is not null then
    return jsonb_build_object('booking', to_jsonb(booked), 'replayed', false);
  end if;
  -- A concurrent request with this key recorded first: its booking is ours to answer only when
  -- it was asked for the same thing; either way a second Cal.com uid is the caller's to undo.
  select * into booked from public.bookings where business_id = p_business_id and idempotency_key = p_idempotency_key;
  return private.replay_or_mismatch(booked, p_idempotency_fingerprint);
end;
$$;
