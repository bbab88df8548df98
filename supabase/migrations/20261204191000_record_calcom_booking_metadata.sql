-- Purpose: keep what Cal.com made for a recurring event type with the booking we record (every
--          occurrence's id, uid and start, in bookings.metadata), so the series is cancelled as one.
-- Affects: function public.record_calcom_booking (a trailing p_metadata argument, default '{}';
--          the earlier named arguments still resolve, grants as before).

drop function public.record_calcom_booking(uuid, bigint, text, bigint, timestamptz, integer, text, text, text, text, text, uuid, text, text);

-- Returns {booking, replayed}. A row already holding this key (a concurrent duplicate that won)
-- is returned as the replay; a second Cal.com uid for the same key is then the caller's to undo.
create function public.record_calcom_booking(
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
  select * into booked from public.bookings where business_id = p_business_id and idempotency_key = p_idempotency_key;
  return jsonb_build_object('booking', to_jsonb(booked), 'replayed', true);
end;
$$;
comment on function public.record_calcom_booking(uuid, bigint, text, bigint, timestamptz, integer, text, text, text, text, text, uuid, text, text, jsonb) is 'Stores a booking made in Cal.com once per idempotency key, with what Cal.com made for it.';

revoke execute on function public.record_calcom_booking(uuid, bigint, text, bigint, timestamptz, integer, text, text, text, text, text, uuid, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_calcom_booking(uuid, bigint, text, bigint, timestamptz, integer, text, text, text, text, text, uuid, text, text, jsonb) to service_role;
