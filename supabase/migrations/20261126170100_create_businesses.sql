-- Purpose: one row per business whose phone line our assistant answers.
-- Affects: table public.businesses (+ indexes, timezone and updated_at triggers, grants; RLS
--          policies come with business_members, which they depend on).

create table public.businesses (
  id                            uuid primary key default gen_random_uuid(),
  name                          text not null
                                  check (char_length(btrim(name)) between 1 and 200),
  -- E.164: a plus, a non-zero country digit, at most 15 digits in all.
  phone_number                  text not null unique
                                  check (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  vapi_phone_number_id          text unique
                                  check (char_length(vapi_phone_number_id) between 1 and 200),
  -- A saved VAPI assistant to answer with; null means we send a transient assistant.
  vapi_assistant_id             text
                                  check (char_length(vapi_assistant_id) between 1 and 200),
  -- IANA zone; checked by the businesses_check_timezone trigger below.
  timezone                      text not null default 'UTC',
  business_hours                jsonb not null default '{}'::jsonb
                                  check (private.is_valid_business_hours(business_hours)),
  greeting                      text check (char_length(greeting) <= 1000),
  -- Where the assistant transfers callers it cannot help (and callers of an inactive number).
  fallback_transfer_number      text
                                  check (fallback_transfer_number ~ '^\+[1-9][0-9]{6,14}$'),
  slot_minutes                  integer not null default 30
                                  check (slot_minutes between 5 and 480),
  -- Whether the business's Cal.com account is usable; tokens live in calcom_credentials.
  calcom_status                 text not null default 'not_connected'
                                  check (calcom_status in ('not_connected', 'connected', 'needs_reconnect')),
  calcom_default_event_type_id  bigint check (calcom_default_event_type_id > 0),
  active                        boolean not null default true,
  created_at                    timestamptz not null default now(),
  updated_at                    timestamptz not null default now()
);
comment on table public.businesses is 'Businesses whose phone line the assistant answers; the tenant of every other row.';
comment on column public.businesses.business_hours is 'Weekday (mon..sun) to list of {open, close} HH:MM in the business timezone; a missing day is closed.';

-- phone_number and vapi_phone_number_id are unique, so their lookups already have indexes.
create index businesses_active_idx on public.businesses (active);

create trigger businesses_check_timezone
  before insert or update of timezone on public.businesses
  for each row execute function private.check_timezone_column();

create trigger businesses_set_updated_at
  before update on public.businesses
  for each row execute function private.set_updated_at();

alter table public.businesses enable row level security;

revoke all on table public.businesses from public, anon, authenticated;
grant select, insert, update, delete on table public.businesses to service_role;
grant select on table public.businesses to authenticated;
-- The settings an owner may change themselves; the phone line, VAPI wiring, Cal.com state and
-- active flag stay with the operator.
grant update (name, greeting, business_hours, timezone, fallback_transfer_number, slot_minutes)
  on table public.businesses to authenticated;
