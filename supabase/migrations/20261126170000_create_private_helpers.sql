-- Purpose: the `private` schema and the helpers every later migration uses.
-- Affects: schema private; functions private.set_updated_at, private.is_valid_timezone,
--          private.check_timezone_column, private.is_valid_business_hours.
-- `private` is not exposed through the Data API (PostgREST serves only `public`), and Supabase
-- forbids new objects in `auth` since 2025-04, so helpers live here.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Keeps updated_at honest whoever writes the row (server, owner through RLS, SQL editor).
create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.set_updated_at() is 'Trigger: stamps updated_at on every update.';

-- An IANA zone name such as America/New_York. pg_timezone_names lists exactly the zones the server
-- knows, so a typo like "America/NewYork" or an offset like "+03" is refused; "Factory" is a
-- placeholder zone of the tz database that JavaScript's Intl rejects, so it is refused too.
-- Reading pg_timezone_names walks the zone files (~10 ms), so tables check it in a trigger that
-- runs only when the zone is written, not in a CHECK that runs on every update of the row.
create or replace function private.is_valid_timezone(tz text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select tz is not null and tz <> 'Factory'
    and exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;
comment on function private.is_valid_timezone(text) is 'True when tz is an IANA time zone name this server knows.';

-- Trigger for a `timezone` column: refuses an unknown zone exactly as a CHECK constraint named
-- <table>_timezone_check would (same SQLSTATE, message and constraint field, which clients and
-- PostgREST's error body rely on).
create or replace function private.check_timezone_column()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not private.is_valid_timezone(new.timezone) then
    raise exception 'new row for relation "%" violates check constraint "%"', tg_table_name, tg_table_name || '_timezone_check'
      using errcode = 'check_violation',
            detail = format('invalid time zone %L: use an IANA name such as America/New_York', new.timezone),
            constraint = tg_table_name || '_timezone_check',
            schema = tg_table_schema,
            table = tg_table_name,
            column = 'timezone';
  end if;
  return new;
end;
$$;
comment on function private.check_timezone_column() is 'Trigger: refuses a timezone column value that is not a known IANA zone.';

-- Opening hours per weekday: {"mon": [{"open": "09:00", "close": "17:00"}], ...}. A missing day is a
-- closed day; "24:00" may close a day; each interval must open before it closes. The server validates
-- the same shape with zod; this check also protects rows owners edit directly through RLS.
create or replace function private.is_valid_business_hours(hours jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select jsonb_typeof(hours) = 'object'
    and not exists (
      select 1
      from jsonb_each(hours) as day
      where day.key not in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')
        or jsonb_typeof(day.value) <> 'array'
        or exists (
          select 1
          from jsonb_array_elements(day.value) as span
          where jsonb_typeof(span) <> 'object'
            or coalesce(span ->> 'open', '') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
            or coalesce(span ->> 'close', '') !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'
            or (span ->> 'open') >= (span ->> 'close')
        )
    )
$$;
comment on function private.is_valid_business_hours(jsonb) is 'True when hours maps weekdays (mon..sun) to lists of {open, close} HH:MM intervals.';

-- Functions are executable by PUBLIC (so by anon) unless revoked.
revoke execute on function private.set_updated_at() from public, anon, authenticated;
revoke execute on function private.check_timezone_column() from public, anon, authenticated;
revoke execute on function private.is_valid_timezone(text) from public, anon;
revoke execute on function private.is_valid_business_hours(jsonb) from public, anon;
-- Owners may edit timezone and hours through RLS; the checks run these as that role.
grant execute on function private.is_valid_timezone(text) to authenticated, service_role;
grant execute on function private.is_valid_business_hours(jsonb) to authenticated, service_role;
