-- Purpose: one writer at a time per business in the built-in calendar. Concurrent bookings of
--          overlapping slots waited on each other's exclusion-constraint checks and PostgreSQL broke
--          the cycle with a deadlock error (40P01) after deadlock_timeout (1 s): six racing
--          requests deadlocked about once in 125 rounds, and the victim's caller got an error
--          instead of "that time was just taken". A per-business transaction lock makes them queue
--          (each holds it for one insert or update); the exclusion constraint still decides.
-- Affects: function private.lock_builtin_calendar (new); public.book_builtin_slot and
--          public.reschedule_caller_booking (same signatures and grants, the lock taken first).

create function private.lock_builtin_calendar(p_business_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  -- Released at commit or rollback; keyed by business, so businesses never wait on each other.
  select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('builtin-calendar:' || p_business_id::text, 0));
$$;
comment on function private.lock_builtin_calendar(uuid) is 'Serialises writes to one business''s built-in calendar for the rest of the transaction.';
revoke execute on function private.lock_builtin_calendar(uuid) from public, anon, authenticated;
grant execute on function private.lock_builtin_calendar(uuid) to service_role;

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
    -- A concurrent request with the same key may have taken this very slot: that is a replay.
    -- (The exclusion check waited for it to commit, so its row is visible now.)
    select * into booked from public.bookings
    where business_id = p_business_id and p_idempotency_key is not null and idempotency_key = p_idempotency_key;
    if booked.id is null then
      raise;
    end if;
    return jsonb_build_object('booking', to_jsonb(booked), 'replayed', true);
  end;

  if booked.id is not null then
    return jsonb_build_object('booking', to_jsonb(booked), 'replayed', false);
  end if;
  select * into booked from public.bookings
  where business_id = p_business_id and idempotency_key = p_idempotency_key;
  return jsonb_build_object('booking', to_jsonb(booked), 'replayed', true);
end;
$$;

create or replace function public.reschedule_caller_booking(
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
  perform private.lock_builtin_calendar(p_business_id);
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
