-- Purpose: the end-of-call report fills in every transcript line the live transcript messages did
--          not bring, not only when none arrived. Before: one live line lost (a delivery that
--          failed or was refused) left the call without it for good, because the report's lines
--          were added only to a call with no lines at all.
-- Affects: functions public.record_call_report and public.record_transcript_line (same
--          signatures, replaced).

-- How a report line is matched with a live one: by speaker and words, counted. Not by time: a live
-- transcript message is stamped when VAPI sends it (after the words were spoken and transcribed),
-- while the report's artifact.messages give the moment the words began (test/fixtures/vapi-recorded
-- /022-transcript.json: "Hello?" sent at …379014 ms, after lines that began at …372255 and …373535),
-- so the two times of one line differ by a second or more and by no fixed amount. Counted: a
-- caller who said "Yes." three times has three lines; if two of them arrived live, the report
-- adds the third. The n-th report line with given speaker and words is added when fewer than n
-- stored lines have them, so a report delivered twice (or after its lines were filled in) adds
-- nothing more.
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

  -- The upsert holds the call row's lock, so live lines cannot be numbered in between: the added
  -- lines take the sequence numbers after the last stored one, in the report's order.
  insert into public.call_transcripts (call_id, business_id, role, text, spoken_at, seconds_from_start, sequence)
  select call.id, business, r.role, r.text, r.spoken_at,
         private.seconds_between(call.started_at, r.spoken_at, 3),
         (select coalesce(max(t.sequence) + 1, 0) from public.call_transcripts t where t.call_id = call.id)
           + (row_number() over (order by r.ordinality))::integer - 1
  from (
    select l.value ->> 'role' as role, l.value ->> 'text' as text, (l.value ->> 'spokenAt')::timestamptz as spoken_at,
           l.ordinality,
           row_number() over (partition by l.value ->> 'role', l.value ->> 'text' order by l.ordinality) as occurrence
    from jsonb_array_elements(coalesce(p_lines, '[]'::jsonb)) with ordinality as l(value, ordinality)
  ) r
  where r.occurrence > (select count(*) from public.call_transcripts t
                        where t.call_id = call.id and t.role = r.role and t.text = r.text)
  on conflict do nothing;

  update public.calls k
  set booking_made = exists (select 1 from public.bookings b where b.call_id = k.id and b.status in ('pending', 'confirmed')),
      duration_seconds = private.seconds_between(k.started_at, k.ended_at, 2)
  where k.id = call.id
  returning * into call;
  return jsonb_build_object('outcome', 'stored', 'call', to_jsonb(call));
end;
$$;
comment on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) is 'Completes a call from its VAPI end-of-call report (creating it if needed), adding the lines no live transcript message brought.';

revoke execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) to service_role;

-- A live line arriving after the report (reordered, or redelivered) repeats the report when the
-- report holds the same words from the same speaker; otherwise it is new and is kept. Before, any
-- line after a report was dropped once the call had one line, even one the report lacked.
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
  if call.reported_at is not null
     and exists (select 1 from public.call_transcripts t where t.call_id = call.id and t.role = p_role and t.text = p_text) then
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
comment on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) is 'Stores a final VAPI transcript line once per (call, speaker, moment, words); after the report, only words the report lacked.';

revoke execute on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.record_transcript_line(text, text, text, text, text, text, text, timestamptz) to service_role;
