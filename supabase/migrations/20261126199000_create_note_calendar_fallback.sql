-- Purpose: a call on which the caller heard the calendar fallback ("I can't reach the calendar
--          right now…") says so, so the team knows to call back.
-- Affects: function public.note_calendar_fallback.

create or replace function public.note_calendar_fallback(p_call_id uuid, p_tool text)
returns void
language sql
volatile
set search_path = ''
as $$
  update public.calls
  set metadata = metadata || jsonb_build_object(
    'calendarFallback', jsonb_build_object('at', now(), 'tool', p_tool,
      'count', coalesce((metadata -> 'calendarFallback' ->> 'count')::integer, 0) + 1))
  where id = p_call_id
$$;
comment on function public.note_calendar_fallback(uuid, text) is 'Records on a call that a tool answered with the calendar fallback.';

revoke execute on function public.note_calendar_fallback(uuid, text) from public, anon, authenticated;
grant execute on function public.note_calendar_fallback(uuid, text) to service_role;
