-- Purpose: one row per VAPI call, created by whichever webhook event arrives first and completed by
--          the others (events may be duplicated or reordered).
-- Affects: table public.calls.

create table public.calls (
  id                uuid primary key default gen_random_uuid(),
  business_id       uuid not null references public.businesses (id) on delete cascade,
  vapi_call_id      text not null unique check (char_length(vapi_call_id) between 1 and 200),
  -- Caller ID in E.164; null when the caller withheld it.
  customer_number   text check (customer_number ~ '^\+[1-9][0-9]{6,14}$'),
  direction         text not null default 'inbound' check (direction in ('inbound', 'outbound')),
  -- VAPI's call statuses (status-update messages). A live call goes queued → ringing →
  -- in-progress → forwarding → ended and the server never moves it backwards; scheduled comes
  -- before queued, not-found and deletion-failed end calls that never connected.
  status            text not null default 'queued'
                      check (status in ('scheduled', 'queued', 'ringing', 'in-progress', 'forwarding',
                                        'ended', 'not-found', 'deletion-failed')),
  started_at        timestamptz,
  ended_at          timestamptz,
  duration_seconds  numeric(10, 2) check (duration_seconds >= 0),
  ended_reason      text check (char_length(ended_reason) <= 200),
  recording_url     text check (recording_url ~ '^https?://'),
  summary           text,
  full_transcript   text,
  intent            text check (char_length(intent) <= 200),
  sentiment         text check (sentiment in ('positive', 'neutral', 'negative')),
  booking_made      boolean not null default false,
  metadata          jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  check (ended_at is null or started_at is null or ended_at >= started_at),
  -- Lets transcripts and bookings point at (call, business) so a row can never name a call of
  -- another business.
  unique (id, business_id)
);
comment on table public.calls is 'Phone calls received through VAPI, one per VAPI call id.';

create index calls_business_id_created_at_idx on public.calls (business_id, created_at desc);
create index calls_business_id_started_at_idx on public.calls (business_id, started_at desc);

create trigger calls_set_updated_at
  before update on public.calls
  for each row execute function private.set_updated_at();

alter table public.calls enable row level security;

revoke all on table public.calls from public, anon, authenticated;
grant select, insert, update, delete on table public.calls to service_role;
grant select on table public.calls to authenticated;

create policy "members read their businesses' calls"
  on public.calls for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));
