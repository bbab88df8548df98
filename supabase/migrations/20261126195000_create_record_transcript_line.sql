-- Purpose: store a final transcript line of a VAPI call once, even when delivered twice, creating
--          the call row if the line is the first we hear of the call.
-- Affects: column public.calls.reported_at; index call_transcripts_line_key; function
--          public.record_transcript_line.

-- When the end-of-call report arrived: its transcript is complete, so live lines arriving after it
-- (reordered or redelivered) would only repeat it.
alter table public.calls add column reported_at timestamptz;

-- A line is the same line when the same speaker said the same words at the same moment: what a
-- redelivered message repeats exactly.
create unique index call_transcripts_line_key
  on public.call_transcripts (call_id, role, spoken_at, md5(text));

-- Returns {outcome: 'stored' | 'duplicate' | 'unknown_business' | 'foreign_call'}. Lines are
-- numbered in arrival order under a lock on the call row (sequence); readers order by spoken_at.
create or replace function public.record_transcript_line(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  p_role text,
  p_text text,
  p_spoken_at timestamptz
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  business uuid;
  call public.calls;
  line_id bigint;
begin
  select b.id into business from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number) b;
  if business is null then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;
  -- A transcript line means the call is live, whatever status message we missed.
  insert into public.calls as c (business_id, vapi_call_id, customer_number, direction, status, started_at)
  values (business, p_vapi_call_id, p_customer_number, coalesce(p_direction, 'inbound'), 'in-progress', p_spoken_at)
  on conflict (vapi_call_id) do nothing;
  select * into call from public.calls where vapi_call_id = p_vapi_call_id for update;
  if call.business_id <> business then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;
  if call.reported_at is not null and exists (select 1 from public.call_transcripts t where t.call_id = call.id) then
    return jsonb_build_object('outcome', 'duplicate');
  end if;

  insert into public.call_transcripts (call_id, business_id, role, text, spoken_at, seconds_from_start, sequence)
  values (
    call.id, business, p_role, p_text, p_spoken_at,
    case when call.started_at is not null and p_spoken_at >= call.started_at
         then extract(epoch from p_spoken_at - call.started_at) end,
    (select coalesce(max(t.sequence) + 1, 0) from public.call_transcripts t where t.call_id = call.id)
  )
  on conflict (call_id, role, spoken_at, md5(text)) do nothing
  returning id into line_id;
  return jsonb_build_object('outcome', case when line_id is null then 'duplicate' else 'stored' end);
end;
$$;
comment on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) is 'Stores a final VAPI transcript line once per (call, speaker, moment, words).';

revoke execute on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) to service_role;
