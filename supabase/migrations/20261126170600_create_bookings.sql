-- Purpose: appointments booked for callers, in Cal.com or in the built-in calendar.
-- Affects: table public.bookings.

create table public.bookings (
  id                  uuid primary key default gen_random_uuid(),
  business_id         uuid not null references public.businesses (id) on delete cascade,
  -- The call that made the booking; deleting the call keeps the booking.
  call_id             uuid,
  calcom_booking_id   bigint check (calcom_booking_id > 0),
  calcom_booking_uid  text unique check (char_length(calcom_booking_uid) between 1 and 200),
  event_type_id       bigint check (event_type_id > 0),
  customer_name       text not null check (char_length(btrim(customer_name)) between 1 and 200),
  customer_email      text check (customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  customer_phone      text check (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
  scheduled_at        timestamptz not null,
  duration_minutes    integer not null check (duration_minutes between 1 and 1440),
  status              text not null default 'confirmed'
                        check (status in ('pending', 'confirmed', 'cancelled', 'rescheduled')),
  notes               text check (char_length(notes) <= 2000),
  metadata            jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  cancelled_at        timestamptz,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  check (cancelled_at is null or status in ('cancelled', 'rescheduled')),
  foreign key (call_id, business_id) references public.calls (id, business_id)
    on delete set null (call_id)
);
comment on table public.bookings is 'Appointments booked for callers; calcom_booking_uid is unique across Cal.com.';

create index bookings_business_id_scheduled_at_idx on public.bookings (business_id, scheduled_at);
-- find/cancel/reschedule look up a caller's bookings by their number at one business.
create index bookings_business_id_customer_phone_idx on public.bookings (business_id, customer_phone);
create index bookings_call_id_idx on public.bookings (call_id);

create trigger bookings_set_updated_at
  before update on public.bookings
  for each row execute function private.set_updated_at();

alter table public.bookings enable row level security;

revoke all on table public.bookings from public, anon, authenticated;
grant select, insert, update, delete on table public.bookings to service_role;
grant select on table public.bookings to authenticated;

create policy "members read their businesses' bookings"
  on public.bookings for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));
