-- Purpose: who may see a business: Supabase Auth users linked to businesses, and the helpers and
--          policies that turn membership into row access.
-- Affects: table public.business_members; functions private.member_business_ids,
--          private.owner_business_ids; RLS policies of public.businesses.

create table public.business_members (
  business_id  uuid not null references public.businesses (id) on delete cascade,
  user_id      uuid not null references auth.users (id) on delete cascade,
  -- owner: reads everything of the business and edits its settings; staff: reads only.
  role         text not null default 'staff' check (role in ('owner', 'staff')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (business_id, user_id)
);
comment on table public.business_members is 'Links Supabase Auth users to the businesses they may see; written only by the server.';

-- The primary key serves business_id lookups; policies look up by user.
create index business_members_user_id_idx on public.business_members (user_id);

create trigger business_members_set_updated_at
  before update on public.business_members
  for each row execute function private.set_updated_at();

-- Security definer: policies on business_members itself use these, and reading the table through
-- its own RLS would recurse. They only ever answer for the signed-in user (auth.uid()).
create or replace function private.member_business_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.business_id from public.business_members m where m.user_id = (select auth.uid())
$$;
comment on function private.member_business_ids() is 'Businesses the signed-in user belongs to (any role).';

create or replace function private.owner_business_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.business_id from public.business_members m
  where m.user_id = (select auth.uid()) and m.role = 'owner'
$$;
comment on function private.owner_business_ids() is 'Businesses the signed-in user owns.';

revoke execute on function private.member_business_ids() from public, anon;
revoke execute on function private.owner_business_ids() from public, anon;
grant execute on function private.member_business_ids() to authenticated, service_role;
grant execute on function private.owner_business_ids() to authenticated, service_role;

alter table public.business_members enable row level security;

revoke all on table public.business_members from public, anon, authenticated;
grant select, insert, update, delete on table public.business_members to service_role;
grant select on table public.business_members to authenticated;

create policy "members see the memberships of their businesses"
  on public.business_members for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));

-- Policies of businesses (they need the helpers above).
create policy "members see their businesses"
  on public.businesses for select to authenticated
  using (id = any (array(select private.member_business_ids())));

create policy "owners update their businesses"
  on public.businesses for update to authenticated
  using (id = any (array(select private.owner_business_ids())))
  with check (id = any (array(select private.owner_business_ids())));
