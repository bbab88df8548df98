-- Purpose: the built-in calendar, for businesses without a Cal.com connection: bookings know their
--          end, overlapping built-in bookings of one business are impossible (an exclusion
--          constraint, so even two concurrent requests cannot both win), and a booking request can
--          be made idempotent with a key.
-- Affects: extension btree_gist; table public.bookings (columns ends_at, idempotency_key,
--          idempotency_fingerprint, trigger,
--          constraints); functions private.set_booking_ends_at, public.book_builtin_slot.
-- (The read side, public.calendar_day, comes with the Cal.com connections it also returns.)
-- A booking is built-in exactly when it has no Cal.com uid (Cal.com rows are written only once
-- Cal.com has answered with one).

-- GiST support for "business_id with =" inside the exclusion constraint.
create extension if not exists btree_gist with schema extensions;

alter table public.bookings
  add column ends_at timestamptz,
  -- Client-chosen key (Idempotency-Key header, VAPI tool call id): the same key books once.
  add column idempotency_key text check (char_length(idempotency_key) between 1 and 200),
  -- A hash of what was asked with that key: the same key with a different request is refused.
  add column idempotency_fingerprint text check (char_length(idempotency_fingerprint) <= 100);

-- ends_at is derived, never written by hand: the exclusion constraint needs a plain column
-- (timestamptz + interval is not immutable, so it cannot be a generated one).
create or replace function private.set_booking_ends_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.ends_at := new.scheduled_at + make_interval(mins => new.duration_minutes);
  return new;
end;
$$;
comment on function private.set_booking_ends_at() is 'Trigger: ends_at = scheduled_at + duration_minutes.';
revoke execute on function private.set_booking_ends_at() from public, anon, authenticated;

create trigger bookings_set_ends_at
  before insert or update of scheduled_at, duration_minutes, ends_at on public.bookings
  for each row execute function private.set_booking_ends_at();

update public.bookings set ends_at = scheduled_at + make_interval(mins => duration_minutes);
alter table public.bookings alter column ends_at set not null;

alter table public.bookings
  add constraint bookings_business_id_idempotency_key_key unique (business_id, idempotency_key),
  -- Cal.com decides overlaps for its own bookings (several hosts may take the same hour).
  add constraint bookings_no_overlapping_builtin_bookings
    exclude using gist (business_id with =, tstzrange(scheduled_at, ends_at) with &&)
    where (calcom_booking_uid is null and status in ('pending', 'confirmed'));

-- Books a slot in the built-in calendar. The same idempotency key returns the booking it made the
-- first time (replayed = true) instead of booking again; a slot overlapping a live booking raises
-- exclusion_violation (23P01), which the server answers with alternatives.
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
comment on function public.book_builtin_slot(uuid, timestamptz, integer, text, text, text, text, uuid, text, text) is 'Books a built-in calendar slot once per idempotency key; 23P01 when the slot is taken.';

revoke execute on function public.book_builtin_slot(uuid, timestamptz, integer, text, text, text, text, uuid, text, text) from public, anon, authenticated;
grant execute on function public.book_builtin_slot(uuid, timestamptz, integer, text, text, text, text, uuid, text, text) to service_role;
