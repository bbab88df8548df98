-- Purpose: the final transcript lines of each call, in order, each stored once.
-- Affects: table public.call_transcripts.

create table public.call_transcripts (
  id                  bigint generated always as identity primary key,
  call_id             uuid not null,
  business_id         uuid not null references public.businesses (id) on delete cascade,
  -- One vocabulary for every source: VAPI's end-of-call artifact.messages say "bot" for the
  -- assistant, and the writer maps that to 'assistant'.
  role                text not null check (role in ('assistant', 'user', 'system', 'tool')),
  text                text not null,
  spoken_at           timestamptz,
  seconds_from_start  numeric(10, 3) check (seconds_from_start >= 0),
  confidence          real check (confidence between 0 and 1),
  -- Position of the line in the call; (call_id, sequence) is what makes a redelivery a no-op.
  sequence            integer not null check (sequence >= 0),
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  unique (call_id, sequence),
  foreign key (call_id, business_id) references public.calls (id, business_id) on delete cascade
);
comment on table public.call_transcripts is 'Final transcript lines of calls; unique per call and sequence.';

create index call_transcripts_business_id_idx on public.call_transcripts (business_id);

create trigger call_transcripts_set_updated_at
  before update on public.call_transcripts
  for each row execute function private.set_updated_at();

alter table public.call_transcripts enable row level security;

revoke all on table public.call_transcripts from public, anon, authenticated;
grant select, insert, update, delete on table public.call_transcripts to service_role;
grant select on table public.call_transcripts to authenticated;
revoke all on sequence public.call_transcripts_id_seq from public, anon, authenticated;
grant usage, select on sequence public.call_transcripts_id_seq to service_role;

create policy "members read their businesses' transcripts"
  on public.call_transcripts for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));
