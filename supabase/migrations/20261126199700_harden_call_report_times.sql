-- Purpose: an end-of-call report always leaves an ended call with an end time, and neither it nor a
--          transcript line is refused over the times it carries. Before: a report without endedAt
--          left status 'ended' with ended_at null; one with only one of its times could end the call
--          before its start (check violation: the whole report refused) or keep a duration that no
--          longer matched; a line or report spoken more than 115 days from the call's start
--          overflowed seconds_from_start and was refused. Found by the fuzz tests (test/fuzz/).
-- Affects: function private.seconds_between (new); functions public.record_call_report and
--          public.record_transcript_line (same signatures, replaced).

-- Seconds from one instant to a later one, rounded, for the numeric(10, n) columns: null when
-- either is unknown, the order is wrong, or the span would not fit (a clock that is years off).
create or replace function private.seconds_between(p_from timestamptz, p_to timestamptz, p_scale integer)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select case when p_from is not null and p_to >= p_from and p_to - p_from < interval '100 days'
              then round(extract(epoch from p_to - p_from), p_scale) end
$$;
revoke execute on function private.seconds_between(timestamptz, timestamptz, integer) from public, anon, authenticated;
grant execute on function private.seconds_between(timestamptz, timestamptz, integer) to service_role;

-- The report's times win; a time it lacks is kept from the row (status updates), and an ended call
-- without any end time gets the moment the report arrived. The end is never before the start, and
-- the duration is computed from the times the row ends up with.
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
    business, p_vapi_call_id, p_customer_number, coalesce(p_direction, 'inbound'), 'ended', now(), p_started_at,
    greatest(coalesce(p_ended_at, now()), p_started_at),
    null,
    p_ended_reason, p_summary, p_full_transcript, p_recording_url, p_intent, p_sentiment
  )
  on conflict (vapi_call_id) do update set
    -- The report is the final word on a call: it ends it, and its timing wins where it has one.
    status = 'ended',
    reported_at = coalesce(c.reported_at, now()),
    customer_number = coalesce(c.customer_number, excluded.customer_number),
    started_at = coalesce(p_started_at, c.started_at),
    ended_at = greatest(coalesce(p_ended_at, c.ended_at, now()), coalesce(p_started_at, c.started_at)),
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
           private.seconds_between(call.started_at, (l.value ->> 'spokenAt')::timestamptz, 3),
           (l.ordinality - 1)::integer
    from jsonb_array_elements(coalesce(p_lines, '[]'::jsonb)) with ordinality as l(value, ordinality)
    on conflict do nothing;
  end if;

  update public.calls k
  set booking_made = exists (select 1 from public.bookings b where b.call_id = k.id and b.status in ('pending', 'confirmed')),
      duration_seconds = private.seconds_between(k.started_at, k.ended_at, 2)
  where k.id = call.id
  returning * into call;
  return jsonb_build_object('outcome', 'stored', 'call', to_jsonb(call));
end;
$$;
comment on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) is 'Completes a call from its VAPI end-of-call report (creating it if needed).';

revoke execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) to service_role;

-- A line spoken absurdly far from the call's start is stored without seconds_from_start.
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
    private.seconds_between(call.started_at, p_spoken_at, 3),
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
