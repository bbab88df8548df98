-- Purpose: the first read of the owner dashboard (issue 12): the businesses the signed-in member
--          belongs to, with their role in each. It runs as the member (security invoker, called
--          as `authenticated` with the member's JWT claims), and it has no business filter of its
--          own on purpose: the row-level security policies on businesses and business_members are
--          what restrict it to the member's businesses, as they must restrict every owner read.
-- Affects: function public.member_businesses (new; executable by authenticated only).

create function public.member_businesses()
returns table (id uuid, name text, timezone text, role text)
language sql
stable
security invoker
set search_path = ''
as $$
  -- Every business this role may see, and the member's own membership of it: both by policy.
  select b.id, b.name, b.timezone, m.role
  from public.businesses b
  join public.business_members m on m.business_id = b.id
  where m.user_id = (select auth.uid())
  order by b.name, b.id
$$;
comment on function public.member_businesses() is 'The signed-in member''s businesses and role in each; row-level security decides which.';

revoke execute on function public.member_businesses() from public, anon, service_role;
grant execute on function public.member_businesses() to authenticated;
