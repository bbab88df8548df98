-- Purpose: members see which Cal.com account their business is connected to (issue 12): the
--          account's email and name are kept with the connection, and members may read the
--          non-secret columns of their own business's connection, never its tokens.
-- Affects: table public.calcom_credentials (columns calcom_email, calcom_name; column-level SELECT
--          for authenticated; policy "members see their businesses' Cal.com account" replaces
--          "signed-in users never see Cal.com credentials"); function
--          public.store_calcom_connection (two optional parameters).

-- What GET /v2/me says of the account; null for connections made before this column, or when
-- Cal.com leaves them out (recorded answers without a name exist).
alter table public.calcom_credentials
  add column calcom_email text,
  add column calcom_name text;
comment on column public.calcom_credentials.calcom_email is 'The connected Cal.com account''s email (GET /v2/me); members may read it.';
comment on column public.calcom_credentials.calcom_name is 'The connected Cal.com account''s display name (GET /v2/me); members may read it.';

-- Column privileges, not a table grant: `select *` and every token, ciphertext, key id, expiry,
-- scope and refresh lease stay refused to members (42501), so no query an owner writes can ever
-- return a token; only the columns that name the account are readable.
grant select (business_id, auth_type, calcom_user_id, calcom_username, calcom_email, calcom_name)
  on table public.calcom_credentials to authenticated;

drop policy "signed-in users never see Cal.com credentials" on public.calcom_credentials;
create policy "members see their businesses' Cal.com account"
  on public.calcom_credentials for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));

-- The same function with the account's email and name; both default to null, so a caller of the
-- old argument list (a server not yet redeployed) still stores its connection.
drop function public.store_calcom_connection(uuid, text, text, text, text, timestamptz, bigint, text, text, jsonb, bigint);

-- Stores a new or renewed connection atomically: sealed tokens, the account, its event types (the
-- old list is replaced), the default event type (the given one, else the current one while still
-- offered, else the first by title), and the business marked connected.
create function public.store_calcom_connection(
  p_business_id uuid,
  p_auth_type text,
  p_access_token_encrypted text,
  p_refresh_token_encrypted text,
  p_key_id text,
  p_access_token_expires_at timestamptz,
  p_calcom_user_id bigint,
  p_calcom_username text,
  p_scope text,
  p_event_types jsonb,
  p_default_event_type_id bigint default null,
  p_calcom_email text default null,
  p_calcom_name text default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  chosen bigint;
begin
  insert into public.calcom_credentials as c (
    business_id, auth_type, access_token_encrypted, refresh_token_encrypted, key_id,
    access_token_expires_at, calcom_user_id, calcom_username, calcom_email, calcom_name, scope
  ) values (
    p_business_id, p_auth_type, p_access_token_encrypted, p_refresh_token_encrypted, p_key_id,
    p_access_token_expires_at, p_calcom_user_id, p_calcom_username, p_calcom_email, p_calcom_name, p_scope
  )
  on conflict (business_id) do update set
    auth_type = excluded.auth_type,
    access_token_encrypted = excluded.access_token_encrypted,
    refresh_token_encrypted = excluded.refresh_token_encrypted,
    key_id = excluded.key_id,
    access_token_expires_at = excluded.access_token_expires_at,
    calcom_user_id = excluded.calcom_user_id,
    calcom_username = excluded.calcom_username,
    calcom_email = excluded.calcom_email,
    calcom_name = excluded.calcom_name,
    scope = excluded.scope,
    refresh_lease_id = null,
    refresh_lease_until = null;

  delete from public.calcom_event_types where business_id = p_business_id;
  insert into public.calcom_event_types (business_id, event_type_id, slug, title, length_minutes, requires_email, time_zone)
  select p_business_id, (e ->> 'id')::bigint, e ->> 'slug', e ->> 'title', (e ->> 'lengthInMinutes')::integer,
         coalesce((e ->> 'requiresEmail')::boolean, true), e ->> 'timeZone'
  from jsonb_array_elements(coalesce(p_event_types, '[]'::jsonb)) as e;

  select coalesce(
    (select t.event_type_id from public.calcom_event_types t
      where t.business_id = p_business_id and t.event_type_id = p_default_event_type_id),
    (select t.event_type_id from public.calcom_event_types t, public.businesses b
      where b.id = p_business_id and t.business_id = b.id and t.event_type_id = b.calcom_default_event_type_id),
    (select t.event_type_id from public.calcom_event_types t
      where t.business_id = p_business_id order by t.title, t.event_type_id limit 1)
  ) into chosen;

  update public.businesses
  set calcom_status = 'connected', calcom_default_event_type_id = chosen
  where id = p_business_id;
  if not found then
    raise exception 'business % not found', p_business_id using errcode = 'no_data_found';
  end if;
  return public.calcom_connection(p_business_id);
end;
$$;
comment on function public.store_calcom_connection(uuid, text, text, text, text, timestamptz, bigint, text, text, jsonb, bigint, text, text) is 'Stores a business''s sealed Cal.com tokens, account and event types, and marks it connected.';

revoke execute on function public.store_calcom_connection(uuid, text, text, text, text, timestamptz, bigint, text, text, jsonb, bigint, text, text) from public, anon, authenticated;
grant execute on function public.store_calcom_connection(uuid, text, text, text, text, timestamptz, bigint, text, text, jsonb, bigint, text, text) to service_role;
