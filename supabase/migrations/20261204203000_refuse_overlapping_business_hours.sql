-- Purpose: refuse opening hours whose intervals of one day overlap (mon 09:00-12:00 and
--          10:00-13:00): their common part was offered to callers twice. Adjacent intervals
--          (09:00-12:00 and 12:00-13:00) stay allowed.
-- Affects: function private.business_hours_overlap_free (new); public.businesses: overlapping
--          intervals of existing rows merged, check businesses_business_hours_no_overlap (new).
--
-- The server refuses overlaps by field before they get here; this check also covers owners who
-- edit their hours directly through RLS.

-- "HH:MM" (and "24:00") compare in time order as text in the C collation; the database's default
-- collation may order punctuation differently. Values that are not intervals are left to
-- businesses_business_hours_check, which runs first (checks run in name order), and are never
-- an error here.
create function private.business_hours_overlap_free(hours jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select case when jsonb_typeof(hours) is distinct from 'object' then true else not exists (
    select 1
    from jsonb_each(hours) as day
    cross join lateral (
      select span, n
      from jsonb_array_elements(case when jsonb_typeof(day.value) = 'array' then day.value else '[]'::jsonb end)
           with ordinality as element (span, n)
      where jsonb_typeof(span) = 'object'
    ) as a
    cross join lateral (
      select span, n
      from jsonb_array_elements(case when jsonb_typeof(day.value) = 'array' then day.value else '[]'::jsonb end)
           with ordinality as element (span, n)
      where jsonb_typeof(span) = 'object'
    ) as b
    where a.n < b.n
      and (a.span ->> 'open') collate "C" < (b.span ->> 'close') collate "C"
      and (b.span ->> 'open') collate "C" < (a.span ->> 'close') collate "C"
  ) end
$$;
comment on function private.business_hours_overlap_free(jsonb) is 'True when no two opening intervals of one weekday overlap (touching ends are fine).';

revoke execute on function private.business_hours_overlap_free(jsonb) from public, anon;
-- Owners may edit their hours through RLS; the check runs this as that role.
grant execute on function private.business_hours_overlap_free(jsonb) to authenticated, service_role;

-- Rows written before this check may hold overlaps. Each day's overlapping intervals are merged
-- into one (09:00-12:00 and 10:00-13:00 become 09:00-13:00): the business keeps exactly the
-- hours it had, open whenever any of its intervals said so, and only the doubled slots go. Days
-- without an overlap keep their intervals; a row without one is not touched.
with spans as (
  select b.id, day.key as day, (element.span ->> 'open') collate "C" as open, (element.span ->> 'close') collate "C" as close
  from public.businesses as b
  cross join lateral jsonb_each(b.business_hours) as day
  cross join lateral jsonb_array_elements(day.value) as element (span)
  where not private.business_hours_overlap_free(b.business_hours)
),
reached as (
  -- How late the day's earlier intervals (by opening time) reach.
  select spans.*, max(close) over (partition by id, day order by open, close rows between unbounded preceding and 1 preceding) as reach
  from spans
),
islands as (
  -- An interval opening at or after that reach starts a new run of overlapping ones.
  select reached.*, count(*) filter (where reach is null or open >= reach)
           over (partition by id, day order by open, close rows unbounded preceding) as island
  from reached
),
merged_days as (
  select id, day, jsonb_agg(jsonb_build_object('open', open, 'close', close) order by open) as intervals
  from (select id, day, island, min(open) as open, max(close) as close from islands group by id, day, island) as runs
  group by id, day
  having count(*) < (select count(*) from spans as s where s.id = runs.id and s.day = runs.day)
),
merged as (
  select id, jsonb_object_agg(day, intervals) as days from merged_days group by id
)
update public.businesses as b
set business_hours = b.business_hours || merged.days
from merged
where b.id = merged.id;

alter table public.businesses
  add constraint businesses_business_hours_no_overlap check (private.business_hours_overlap_free(business_hours));
