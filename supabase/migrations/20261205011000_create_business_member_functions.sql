-- Purpose: operators manage who may sign in to a business's dashboard (issue 12): list, add (or
--          change the role of) and remove members, each in one round trip. The users themselves
--          are Supabase Auth's (auth.users): these functions read them and never create one. The
--          server creates users through Supabase Auth's admin API, or, on npm start's embedded
--          database, through the roles shim's stand-in for it.
-- Affects: functions public.list_business_members, public.find_business_member_user,
--          public.put_business_member, public.remove_business_member.
--
-- All are security definer because they read auth.users (emails), on which the service role holds
-- no grant; their owner, postgres, does (on Supabase as in the shim). Only the service role may
-- execute them, and each answers for the business it is given only.

-- The members of a business, owners first, then by email; null when the business does not exist.
create or replace function public.list_business_members(p_business_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select case when b.id is null then null else coalesce((
    select jsonb_agg(jsonb_build_object(
             'user_id', m.user_id, 'email', u.email, 'role', m.role,
             'created_at', m.created_at, 'updated_at', m.updated_at)
           order by m.role = 'owner' desc, lower(u.email), m.user_id)
    from public.business_members m
    join auth.users u on u.id = m.user_id
    where m.business_id = b.id), '[]'::jsonb) end
  from (select p_business_id) as given (id)
  left join public.businesses b on b.id = given.id
$$;
comment on function public.list_business_members(uuid) is 'The members of a business with their emails and roles; null for an unknown business.';

-- Before adding a member by email: does the business exist, and is there a user with that email
-- already (so no second invitation is sent)? {outcome: 'unknown_business'} or
-- {outcome: 'ready', user_id: <uuid or null>}. Emails compare case-insensitively, as Supabase
-- Auth treats them; the oldest user wins should two share one.
create or replace function public.find_business_member_user(p_business_id uuid, p_email text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when not exists (select 1 from public.businesses b where b.id = p_business_id)
      then jsonb_build_object('outcome', 'unknown_business')
    else jsonb_build_object('outcome', 'ready', 'user_id', (
      select u.id from auth.users u
      where lower(u.email) = lower(btrim(p_email))
      order by u.created_at, u.id
      limit 1))
  end
$$;
comment on function public.find_business_member_user(uuid, text) is 'Whether a business exists and which user (if any) has an email, before adding a member.';

-- Makes a user a member of a business with a role, or changes the role: adding the same user twice
-- is one membership. {outcome: 'saved', created, member} or {outcome: 'unknown_business' |
-- 'unknown_user'}. The business row is locked (no key update: calls and bookings still reference
-- it meanwhile), so two concurrent adds of one user are one insert and one no-op.
create or replace function public.put_business_member(p_business_id uuid, p_user_id uuid, p_role text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  m public.business_members;
  v_created boolean := false;
begin
  perform 1 from public.businesses where id = p_business_id for no key update;
  if not found then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;
  if not exists (select 1 from auth.users where id = p_user_id) then
    return jsonb_build_object('outcome', 'unknown_user');
  end if;
  select * into m from public.business_members where business_id = p_business_id and user_id = p_user_id;
  if not found then
    insert into public.business_members (business_id, user_id, role) values (p_business_id, p_user_id, p_role)
    returning * into m;
    v_created := true;
  elsif m.role is distinct from p_role then
    update public.business_members set role = p_role where business_id = p_business_id and user_id = p_user_id
    returning * into m;
  end if;
  return jsonb_build_object('outcome', 'saved', 'created', v_created, 'member', jsonb_build_object(
    'user_id', m.user_id, 'email', (select u.email from auth.users u where u.id = m.user_id), 'role', m.role,
    'created_at', m.created_at, 'updated_at', m.updated_at));
end;
$$;
comment on function public.put_business_member(uuid, uuid, text) is 'Adds a member to a business or changes their role; reports an unknown business or user as an outcome.';

-- Removes a membership (the user stays, and keeps any other business): true when there was one.
create or replace function public.remove_business_member(p_business_id uuid, p_user_id uuid)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
  with removed as (
    delete from public.business_members where business_id = p_business_id and user_id = p_user_id returning 1
  )
  select exists (select 1 from removed)
$$;
comment on function public.remove_business_member(uuid, uuid) is 'Removes a user from a business''s members; false when they were not one.';

do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.list_business_members(uuid)',
    'public.find_business_member_user(uuid, text)',
    'public.put_business_member(uuid, uuid, text)',
    'public.remove_business_member(uuid, uuid)'
  ] loop
    execute format('revoke execute on function %s from public, anon, authenticated', fn);
    execute format('grant execute on function %s to service_role', fn);
  end loop;
end;
$$;
