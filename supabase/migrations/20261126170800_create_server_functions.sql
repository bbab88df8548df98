-- Purpose: the database operations the server calls, one function per intent, so that the direct
--          Postgres transport (`select * from public.fn(...)`) and supabase-js `rpc('fn')` run the
--          same SQL in one round trip.
-- Affects: functions public.app_health, public.create_business, public.get_business,
--          public.find_business_by_number.
-- They live in `public` because PostgREST only serves rpc from exposed schemas; every one is
-- executable by service_role only.

-- Applied migrations, as recorded by the Supabase CLI or our runner: their count and versions (the
-- server compares them with its own files before serving). Security definer because service_role
-- cannot read supabase_migrations; it returns versions and nothing else of that table.
create or replace function public.app_health()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  versions jsonb := '[]'::jsonb;
begin
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    execute 'select coalesce(jsonb_agg(version order by version), ''[]''::jsonb) from supabase_migrations.schema_migrations'
      into versions;
  end if;
  return jsonb_build_object('migrations', jsonb_array_length(versions), 'versions', versions);
end;
$$;
comment on function public.app_health() is 'Server health probe: proves the database answers and lists applied migration versions.';

create or replace function public.create_business(
  p_name text,
  p_phone_number text,
  p_timezone text,
  p_business_hours jsonb default '{}'::jsonb,
  p_greeting text default null,
  p_vapi_phone_number_id text default null,
  p_vapi_assistant_id text default null,
  p_fallback_transfer_number text default null,
  p_slot_minutes integer default 30
)
returns setof public.businesses
language sql
volatile
set search_path = ''
as $$
  insert into public.businesses (
    name, phone_number, timezone, business_hours, greeting, vapi_phone_number_id,
    vapi_assistant_id, fallback_transfer_number, slot_minutes
  ) values (
    p_name, p_phone_number, p_timezone, coalesce(p_business_hours, '{}'::jsonb), p_greeting,
    p_vapi_phone_number_id, p_vapi_assistant_id, p_fallback_transfer_number,
    coalesce(p_slot_minutes, 30)
  )
  returning *
$$;
comment on function public.create_business(text, text, text, jsonb, text, text, text, text, integer) is 'Creates a business; a taken phone number or VAPI number id raises unique_violation.';

create or replace function public.get_business(p_business_id uuid)
returns setof public.businesses
language sql
stable
set search_path = ''
as $$
  select * from public.businesses where id = p_business_id
$$;
comment on function public.get_business(uuid) is 'The business with this id (no row when unknown).';

-- assistant-request names the called line by VAPI phone number id and/or number; the id wins
-- because a number can be re-assigned within VAPI before we are told.
create or replace function public.find_business_by_number(
  p_vapi_phone_number_id text default null,
  p_phone_number text default null
)
returns setof public.businesses
language sql
stable
set search_path = ''
as $$
  select * from public.businesses b
  where (p_vapi_phone_number_id is not null and b.vapi_phone_number_id = p_vapi_phone_number_id)
     or (p_phone_number is not null and b.phone_number = p_phone_number)
  order by (b.vapi_phone_number_id is not distinct from p_vapi_phone_number_id) desc
  limit 1
$$;
comment on function public.find_business_by_number(text, text) is 'The business answering this VAPI phone number id or E.164 number.';

revoke execute on function public.app_health() from public, anon, authenticated;
revoke execute on function public.create_business(text, text, text, jsonb, text, text, text, text, integer) from public, anon, authenticated;
revoke execute on function public.get_business(uuid) from public, anon, authenticated;
revoke execute on function public.find_business_by_number(text, text) from public, anon, authenticated;
grant execute on function public.app_health() to service_role;
grant execute on function public.create_business(text, text, text, jsonb, text, text, text, text, integer) to service_role;
grant execute on function public.get_business(uuid) to service_role;
grant execute on function public.find_business_by_number(text, text) to service_role;
