-- Purpose: members see their business's calendar (built-in or Cal.com, connection state, account,
--          event types), and owners choose the default event type callers are booked into, each
--          in one round trip (issue 12).
-- Affects: function private.check_default_event_type and trigger
--          businesses_check_default_event_type (new); column-level UPDATE on
--          public.businesses.calcom_default_event_type_id for authenticated; functions
--          public.member_business_calendar, public.member_set_default_event_type (new; executable
--          by authenticated only).

-- A default event type must be one of the business's own Cal.com event types, whoever sets it:
-- the operator functions checked that before writing, but owners may now write the column
-- through RLS (in the dashboard or straight through the Data API), and nothing else stops an id
-- of somebody else's account. Raised exactly as a CHECK named businesses_calcom_default_event_type_check
-- would be, as private.check_timezone_column does. Security invoker: it sees the event types
-- the writer may see, which for an owner are their own business's.
create function private.check_default_event_type()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.calcom_default_event_type_id is not null and not exists (
    select 1 from public.calcom_event_types e
    where e.business_id = new.id and e.event_type_id = new.calcom_default_event_type_id
  ) then
    raise exception 'new row for relation "%" violates check constraint "%"', tg_table_name, 'businesses_calcom_default_event_type_check'
      using errcode = 'check_violation',
            detail = format('event type %s is not one of this business''s Cal.com event types', new.calcom_default_event_type_id),
            constraint = 'businesses_calcom_default_event_type_check',
            schema = tg_table_schema,
            table = tg_table_name,
            column = 'calcom_default_event_type_id';
  end if;
  return new;
end;
$$;
comment on function private.check_default_event_type() is 'Trigger: refuses a default event type that is not one of the business''s Cal.com event types.';
revoke execute on function private.check_default_event_type() from public, anon, authenticated;

-- Only when the value changes: public.update_business names every column in its update, and
-- rows already holding an id stay as they are until someone changes it.
create trigger businesses_check_default_event_type
  before update of calcom_default_event_type_id on public.businesses
  for each row
  when (new.calcom_default_event_type_id is distinct from old.calcom_default_event_type_id)
  execute function private.check_default_event_type();

-- Owners choose the default event type themselves; "owners update their businesses" limits it to
-- their own businesses and the trigger above to their own event types.
grant update (calcom_default_event_type_id) on table public.businesses to authenticated;

-- The calendar as the dashboard shows it; null when the member cannot see the business. The
-- account comes from the columns of calcom_credentials members may read (20261205000400), never
-- the row: the tokens beside them are not theirs to select.
create function public.member_business_calendar(p_business_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'provider', case when b.calcom_status = 'not_connected' then 'builtin' else 'calcom' end,
    'status', b.calcom_status,
    'account', (
      select jsonb_build_object('email', c.calcom_email, 'name', c.calcom_name, 'username', c.calcom_username)
      from public.calcom_credentials c
      where c.business_id = b.id),
    'default_event_type_id', b.calcom_default_event_type_id,
    'event_types', (
      select coalesce(jsonb_agg(jsonb_build_object('id', e.event_type_id, 'title', e.title, 'length_minutes', e.length_minutes)
                                order by e.title, e.event_type_id), '[]'::jsonb)
      from public.calcom_event_types e
      where e.business_id = b.id),
    'can_edit', exists (
      select 1 from public.business_members m
      where m.business_id = b.id and m.user_id = (select auth.uid()) and m.role = 'owner'))
  from public.businesses b
  where b.id = p_business_id
$$;
comment on function public.member_business_calendar(uuid) is 'A business''s calendar (provider, Cal.com state and account, event types) as the member sees it; null when the member cannot see it.';

-- Makes one of the business's event types its default, as the signed-in member. Returns
-- {outcome: 'updated', calendar}, {outcome: 'unknown_event_type', offered: [ids]} when the
-- business has no such event type, {outcome: 'forbidden'} for a member who only reads it (staff),
-- or {outcome: 'unknown_business'} when the member cannot see it. The update policy decides who
-- may write, the trigger which ids; this only tells them apart.
create function public.member_set_default_event_type(p_business_id uuid, p_event_type_id bigint)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  refused text;
begin
  begin
    update public.businesses b set calcom_default_event_type_id = p_event_type_id where b.id = p_business_id;
  exception when check_violation then
    get stacked diagnostics refused = constraint_name;
    if refused is distinct from 'businesses_calcom_default_event_type_check' then
      raise;
    end if;
    return jsonb_build_object('outcome', 'unknown_event_type', 'offered', (
      select coalesce(jsonb_agg(e.event_type_id order by e.event_type_id), '[]'::jsonb)
      from public.calcom_event_types e where e.business_id = p_business_id));
  end;
  if found then
    return jsonb_build_object('outcome', 'updated', 'calendar', public.member_business_calendar(p_business_id));
  end if;
  if exists (select 1 from public.businesses b where b.id = p_business_id) then
    return jsonb_build_object('outcome', 'forbidden');
  end if;
  return jsonb_build_object('outcome', 'unknown_business');
end;
$$;
comment on function public.member_set_default_event_type(uuid, bigint) is 'Sets a business''s default Cal.com event type as the member (RLS decides); reports an unknown event type, forbidden (staff) or an unknown business as an outcome.';

-- Members only: as service_role (which bypasses row-level security) they would read and change
-- any business, so the server can reach them only by acting as the member.
revoke execute on function public.member_business_calendar(uuid) from public, anon, service_role;
revoke execute on function public.member_set_default_event_type(uuid, bigint) from public, anon, service_role;
grant execute on function public.member_business_calendar(uuid) to authenticated;
grant execute on function public.member_set_default_event_type(uuid, bigint) to authenticated;
