-- Purpose: members read their business's settings, and owners change them, each in one round trip
--          (issue 12): name, greeting, time zone, opening hours, fallback number, slot length.
-- Affects: functions public.member_business_settings, public.member_update_business_settings
--          (new; executable by authenticated only).
--
-- Both run as the signed-in member (security invoker). The column grants of 20261126170100 (UPDATE
-- on exactly these six columns) and the policy "owners update their businesses" decide who may
-- change what; these functions only report what happened. No security definer: a staff member's
-- update matches no row, and a business the member cannot see is not there at all.

-- The settings as the dashboard shows them, and whether this member may change them (an owner);
-- null when the member cannot see the business.
create function public.member_business_settings(p_business_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'name', b.name,
    'greeting', b.greeting,
    'timezone', b.timezone,
    'business_hours', b.business_hours,
    'fallback_transfer_number', b.fallback_transfer_number,
    'slot_minutes', b.slot_minutes,
    'can_edit', exists (
      select 1 from public.business_members m
      where m.business_id = b.id and m.user_id = (select auth.uid()) and m.role = 'owner'))
  from public.businesses b
  where b.id = p_business_id
$$;
comment on function public.member_business_settings(uuid) is 'A business''s owner-editable settings and whether the member may edit them; null when the member cannot see it.';

-- Changes the settings named in p_changes (snake_case column names as in public.update_business;
-- a key with null clears a nullable column, an absent key leaves it alone). Returns
-- {outcome: 'updated', settings}, {outcome: 'forbidden'} when the member may see the business but
-- not change it (staff), or {outcome: 'unknown_business'} when the member cannot see it. The
-- table's checks refuse invalid values with their own errors.
create function public.member_update_business_settings(p_business_id uuid, p_changes jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  -- Only the six columns members hold UPDATE on appear here: naming any other one, even to
  -- set it to itself, would be refused for want of that privilege.
  update public.businesses b set
    name = case when p_changes ? 'name' then p_changes ->> 'name' else b.name end,
    greeting = case when p_changes ? 'greeting' then p_changes ->> 'greeting' else b.greeting end,
    timezone = case when p_changes ? 'timezone' then p_changes ->> 'timezone' else b.timezone end,
    business_hours = case when p_changes ? 'business_hours' then p_changes -> 'business_hours' else b.business_hours end,
    fallback_transfer_number = case when p_changes ? 'fallback_transfer_number'
      then p_changes ->> 'fallback_transfer_number' else b.fallback_transfer_number end,
    slot_minutes = case when p_changes ? 'slot_minutes' then (p_changes ->> 'slot_minutes')::integer else b.slot_minutes end
  where b.id = p_business_id;
  if found then
    return jsonb_build_object('outcome', 'updated', 'settings', public.member_business_settings(p_business_id));
  end if;
  -- The update policy hid the row: either the member only reads this business, or cannot see it.
  if exists (select 1 from public.businesses b where b.id = p_business_id) then
    return jsonb_build_object('outcome', 'forbidden');
  end if;
  return jsonb_build_object('outcome', 'unknown_business');
end;
$$;
comment on function public.member_update_business_settings(uuid, jsonb) is 'Changes an owner''s business settings as that owner (RLS decides); reports forbidden (staff) or an unknown business as an outcome.';

-- Members only: as service_role (which bypasses row-level security) they would read and change
-- any business, so the server can reach them only by acting as the member.
revoke execute on function public.member_business_settings(uuid) from public, anon, service_role;
revoke execute on function public.member_update_business_settings(uuid, jsonb) from public, anon, service_role;
grant execute on function public.member_business_settings(uuid) to authenticated;
grant execute on function public.member_update_business_settings(uuid, jsonb) to authenticated;
