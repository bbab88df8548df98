-- Purpose: the end-of-call report completes the call in one round trip, even when it is the only
--          message we ever received: outcome, timing, summary, transcript and recording, analysis,
--          transcript lines backfilled when none arrived live, and whether a booking was made.
-- Affects: function public.record_call_report.

create or replace function public.record_call_report(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  p_ended_reason text,
  p_started_at timestamptz,
  p_ended_at timestamptz,
  p_summary text,
  p_full_transcript text,
  p_recording_url text,
  p_intent text,
  p_sentiment text,
  -- [{"role": "assistant"|"user", "text": "…", "spokenAt": "<iso>"}, …] in the order spoken
  p_lines jsonb default '[]'::jsonb
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  business uuid;
  call public.calls;
begin
  select b.id into business from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number) b;
  if business is null then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;

  insert into public.calls as c (
    business_id, vapi_call_id, customer_number, direction, status, reported_at, started_at, ended_at,
    duration_seconds, ended_reason, summary, full_transcript, recording_url, intent, sentiment
  ) values (
    business, p_vapi_call_id, p_customer_number, coalesce(p_direction, 'inbound'), 'ended', now(), p_started_at, p_ended_at,
    case when p_started_at is not null and p_ended_at >= p_started_at then round(extract(epoch from p_ended_at - p_started_at), 2) end,
    p_ended_reason, p_summary, p_full_transcript, p_recording_url, p_intent, p_sentiment
  )
  on conflict (vapi_call_id) do update set
    -- The report is the final word on a call: it ends it, and its timing wins where it has one.
    status = 'ended',
    reported_at = coalesce(c.reported_at, now()),
    customer_number = coalesce(c.customer_number, excluded.customer_number),
    started_at = coalesce(excluded.started_at, c.started_at),
    ended_at = coalesce(excluded.ended_at, c.ended_at),
    duration_seconds = coalesce(excluded.duration_seconds, c.duration_seconds),
    ended_reason = coalesce(excluded.ended_reason, c.ended_reason),
    summary = coalesce(excluded.summary, c.summary),
    full_transcript = coalesce(excluded.full_transcript, c.full_transcript),
    recording_url = coalesce(excluded.recording_url, c.recording_url),
    intent = coalesce(excluded.intent, c.intent),
    sentiment = coalesce(excluded.sentiment, c.sentiment)
  where c.business_id = excluded.business_id
  returning * into call;
  if call.id is null then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;

  -- Lines from the report only when none arrived live (the live ones are the same words).
  if not exists (select 1 from public.call_transcripts t where t.call_id = call.id) then
    insert into public.call_transcripts (call_id, business_id, role, text, spoken_at, seconds_from_start, sequence)
    select call.id, business, l.value ->> 'role', l.value ->> 'text', (l.value ->> 'spokenAt')::timestamptz,
           case when call.started_at is not null and (l.value ->> 'spokenAt')::timestamptz >= call.started_at
                then extract(epoch from (l.value ->> 'spokenAt')::timestamptz - call.started_at) end,
           (l.ordinality - 1)::integer
    from jsonb_array_elements(coalesce(p_lines, '[]'::jsonb)) with ordinality as l(value, ordinality)
    on conflict do nothing;
  end if;

  update public.calls k
  set booking_made = exists (select 1 from public.bookings b where b.call_id = k.id and b.status in ('pending', 'confirmed'))
  where k.id = call.id
  returning * into call;
  return jsonb_build_object('outcome', 'stored', 'call', to_jsonb(call));
end;
$$;
comment on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) is 'Completes a call from its VAPI end-of-call report (creating it if needed).';

revoke execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) to service_role;
