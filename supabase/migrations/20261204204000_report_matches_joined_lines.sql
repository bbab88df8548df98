-- Purpose: a report line that joins live lines adds nothing. VAPI's end-of-call report joins
--          consecutive segments of one speaker into one message (test/fixtures/vapi-recorded/025:
--          "Yeah. take you get my data." was sent live as "Yeah." and "take you get my data."),
--          and matching by exact words alone added the joined copy beside its segments.
-- Affects: functions private.lines_joining and private.report_lines (new); function
--          public.record_call_report (same signature, replaced).

-- The lines (candidates, in the order spoken) whose words, one after another, are exactly the words
-- of p_text, or null when no choice of them is. A candidate that is not part of it (a neighbouring
-- message's line) is passed over. Words are split on whitespace and compared as written: VAPI joins
-- the live segments verbatim, and a line the rule misses costs a repeated line, never a lost one.
-- The first way found (earliest candidates) wins, so the answer is the same every time.
create function private.lines_joining(p_text text, p_ids bigint[], p_texts text[])
returns bigint[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  target text[] := array_remove(regexp_split_to_array(p_text, '\s+'), '');
  total integer := coalesce(cardinality(target), 0);
  -- For each count of target words covered so far, 0..total (at index count + 1): the count the
  -- first way found to cover them came from (-1: none found yet), and the candidate it ends with.
  came_from integer[] := array_fill(-1, array[total + 1]);
  ended_by integer[] := array_fill(0, array[total + 1]);
  words text[];
  word_count integer;
  at_word integer;
  chosen bigint[] := '{}';
begin
  if total = 0 then
    return null;
  end if;
  came_from[1] := 0;
  for candidate in 1 .. coalesce(cardinality(p_ids), 0) loop
    words := array_remove(regexp_split_to_array(p_texts[candidate], '\s+'), '');
    word_count := coalesce(cardinality(words), 0);
    -- Downwards, so a candidate extends only the ways found before it: each is used once.
    for covered in reverse total - word_count .. 0 loop
      if word_count > 0 and came_from[covered + 1] <> -1 and came_from[covered + word_count + 1] = -1
         and target[covered + 1 : covered + word_count] = words then
        came_from[covered + word_count + 1] := covered;
        ended_by[covered + word_count + 1] := candidate;
      end if;
    end loop;
  end loop;
  if came_from[total + 1] = -1 then
    return null;
  end if;
  at_word := total;
  while at_word > 0 loop
    chosen := p_ids[ended_by[at_word + 1]] || chosen;
    at_word := came_from[at_word + 1];
  end loop;
  return chosen;
end;
$$;
comment on function private.lines_joining(text, bigint[], text[]) is 'The candidate lines whose words, in order, make up a text exactly; null when none do.';
revoke execute on function private.lines_joining(text, bigint[], text[]) from public, anon, authenticated;
grant execute on function private.lines_joining(text, bigint[], text[]) to service_role;

-- The report's lines as rows, numbered in the order spoken; a line's end is never before its start
-- (without spokenUntil it is the start).
create function private.report_lines(p_lines jsonb)
returns table (ordinality bigint, role text, text text, spoken_at timestamptz, spoken_until timestamptz)
language sql
stable
set search_path = ''
as $$
  select l.ordinality, l.value ->> 'role', l.value ->> 'text', (l.value ->> 'spokenAt')::timestamptz,
         greatest((l.value ->> 'spokenAt')::timestamptz, (l.value ->> 'spokenUntil')::timestamptz)
  from jsonb_array_elements(coalesce(p_lines, '[]'::jsonb)) with ordinality as l(value, ordinality)
$$;
comment on function private.report_lines(jsonb) is 'The lines of an end-of-call report (record_call_report''s p_lines) as rows.';
revoke execute on function private.report_lines(jsonb) from public, anon, authenticated;
grant execute on function private.report_lines(jsonb) to service_role;

-- How a report line is matched with the stored ones. Each stored line stands for at most one report
-- line, so a phrase said three times stays three lines; the report's lines are matched in their
-- order, in four rounds, each round over the report lines the earlier rounds left:
--   1. its own copy: a line of the same speaker, words and moment (a report delivered before added
--      it; the unique (call, speaker, moment, words) index allows one);
--   2. the live lines it joins: lines of the same speaker, stamped from 2 s before its words began
--      to 5 s after they ended (spokenUntil, VAPI's endTime; else when they began), whose words one
--      after another are its words (private.lines_joining). A live line is stamped when VAPI sends
--      it, after its words end and are transcribed, so its stamp falls in its message's span plus
--      the transcriber's delay; the 2 s allow for clocks that differ. Before round 3, so that an
--      earlier "Yeah." cannot take the "Yeah." a later "Yeah. take you get my data." is made of;
--   3. the words anywhere: an unused line of the same speaker with exactly its words, at any time
--      (a live stamp can be later than round 2 allows: 022 was sent 5.5 s after the last line
--      that began, and a message without endTime has no end);
--   4. else it is added, after the last stored line.
-- Delivered twice, the report finds the lines it added in round 1 and matches the others as before:
-- the lines it added had taken no line from another report line, so rounds 2 and 3 see the same
-- lines in the same order and choose the same. Nothing more is added.
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
  -- [{"role": "assistant"|"user", "text": "…", "spokenAt": "<iso>", "spokenUntil"?: "<iso>"}, …]
  -- in the order spoken
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
  line record;
  used bigint[] := '{}';
  claimed bigint;
  joined bigint[];
  unmatched bigint[];
  left_over bigint[] := '{}';
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

  -- The upsert holds the call row's lock, so no live line is stored while the lines are matched.
  -- Round 1: its own copy.
  for line in select * from private.report_lines(p_lines) order by ordinality loop
    select t.id into claimed from public.call_transcripts t
    where t.call_id = call.id and t.role = line.role and t.spoken_at = line.spoken_at and t.text = line.text
      and t.id <> all(used)
    limit 1;
    if claimed is null then left_over := left_over || line.ordinality; else used := used || claimed; end if;
  end loop;

  -- Round 2: the live lines it joins.
  unmatched := left_over;
  left_over := '{}';
  for line in select * from private.report_lines(p_lines) where ordinality = any(unmatched) order by ordinality loop
    select private.lines_joining(line.text, array_agg(t.id order by t.spoken_at, t.sequence), array_agg(t.text order by t.spoken_at, t.sequence))
    into joined
    from public.call_transcripts t
    where t.call_id = call.id and t.role = line.role and t.id <> all(used)
      and t.spoken_at between line.spoken_at - interval '2 seconds' and line.spoken_until + interval '5 seconds';
    if joined is null then left_over := left_over || line.ordinality; else used := used || joined; end if;
  end loop;

  -- Round 3: the words anywhere.
  unmatched := left_over;
  left_over := '{}';
  for line in select * from private.report_lines(p_lines) where ordinality = any(unmatched) order by ordinality loop
    select t.id into claimed from public.call_transcripts t
    where t.call_id = call.id and t.role = line.role and t.text = line.text and t.id <> all(used)
    order by t.sequence
    limit 1;
    if claimed is null then left_over := left_over || line.ordinality; else used := used || claimed; end if;
  end loop;

  -- Round 4: the rest is added, numbered after the last stored line in the report's order.
  insert into public.call_transcripts (call_id, business_id, role, text, spoken_at, seconds_from_start, sequence)
  select call.id, business, r.role, r.text, r.spoken_at,
         private.seconds_between(call.started_at, r.spoken_at, 3),
         (select coalesce(max(t.sequence) + 1, 0) from public.call_transcripts t where t.call_id = call.id)
           + (row_number() over (order by r.ordinality))::integer - 1
  from private.report_lines(p_lines) r
  where r.ordinality = any(left_over)
  on conflict do nothing;

  update public.calls k
  set booking_made = exists (select 1 from public.bookings b where b.call_id = k.id and b.status in ('pending', 'confirmed')),
      duration_seconds = private.seconds_between(k.started_at, k.ended_at, 2)
  where k.id = call.id
  returning * into call;
  return jsonb_build_object('outcome', 'stored', 'call', to_jsonb(call));
end;
$$;
comment on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) is 'Completes a call from its VAPI end-of-call report (creating it if needed), adding the lines no stored line (its own copy, the live lines it joins, the same words) brought.';

revoke execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_call_report(text, text, text, text, text, text, timestamptz, timestamptz, text, text, text, text, text, jsonb) to service_role;
