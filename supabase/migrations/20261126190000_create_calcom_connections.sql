-- Purpose: what a Cal.com connection needs beyond its sealed tokens: a refresh lease (so concurrent
--          functions make exactly one refresh request), the account's event types, and single-use
--          OAuth states; plus the server functions that read and write them in one round trip each.
-- Affects: table public.calcom_credentials (columns scope, refresh_lease_id, refresh_lease_until);
--          tables public.calcom_event_types, public.calcom_oauth_states,
--          public.calcom_used_connect_links; functions
--          public.calcom_connection, public.store_calcom_connection, public.claim_calcom_refresh,
--          public.finish_calcom_refresh, public.mark_calcom_needs_reconnect,
--          public.create_calcom_oauth_state, public.consume_calcom_oauth_state,
--          public.spend_calcom_connect_link.

alter table public.calcom_credentials
  add column scope text check (char_length(scope) <= 1000),
  -- Who is refreshing the tokens right now, and until when the others wait for them.
  add column refresh_lease_id uuid,
  add column refresh_lease_until timestamptz;

create table public.calcom_event_types (
  business_id      uuid not null references public.businesses (id) on delete cascade,
  event_type_id    bigint not null check (event_type_id > 0),
  slug             text not null check (char_length(slug) between 1 and 200),
  title            text not null check (char_length(title) between 1 and 500),
  length_minutes   integer not null check (length_minutes between 1 and 1440),
  -- From the event type's booking fields: a caller without email can be booked only when false.
  requires_email   boolean not null default true,
  time_zone        text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (business_id, event_type_id)
);
comment on table public.calcom_event_types is 'Event types of each business''s connected Cal.com account, as last read from Cal.com.';

create trigger calcom_event_types_set_updated_at
  before update on public.calcom_event_types
  for each row execute function private.set_updated_at();

alter table public.calcom_event_types enable row level security;
revoke all on table public.calcom_event_types from public, anon, authenticated;
grant select, insert, update, delete on table public.calcom_event_types to service_role;
grant select on table public.calcom_event_types to authenticated;
create policy "members read their businesses' event types"
  on public.calcom_event_types for select to authenticated
  using (business_id = any (array(select private.member_business_ids())));

-- One row per OAuth attempt, deleted when the callback uses it: a state works once, and only
-- before it expires. The PKCE verifier never leaves the server.
create table public.calcom_oauth_states (
  jti            text primary key check (char_length(jti) between 16 and 100),
  business_id    uuid not null references public.businesses (id) on delete cascade,
  -- The connect link this attempt came from; spent when the attempt connects.
  link_jti       text not null check (char_length(link_jti) between 16 and 100),
  code_verifier  text check (char_length(code_verifier) between 43 and 128),
  expires_at     timestamptz not null,
  created_at     timestamptz not null default now()
);
comment on table public.calcom_oauth_states is 'Pending Cal.com OAuth attempts (single-use state, PKCE verifier); server only.';
create index calcom_oauth_states_business_id_idx on public.calcom_oauth_states (business_id);
create index calcom_oauth_states_expires_at_idx on public.calcom_oauth_states (expires_at);

alter table public.calcom_oauth_states enable row level security;
revoke all on table public.calcom_oauth_states from public, anon, authenticated;
grant select, insert, update, delete on table public.calcom_oauth_states to service_role;
create policy "visitors never see OAuth states" on public.calcom_oauth_states for select to anon using (false);
create policy "signed-in users never see OAuth states" on public.calcom_oauth_states for select to authenticated using (false);

-- Connect links that completed a connection: a link works once, so a forwarded or leaked one
-- cannot later swap the business's calendar for another account.
create table public.calcom_used_connect_links (
  jti          text primary key check (char_length(jti) between 16 and 100),
  business_id  uuid not null references public.businesses (id) on delete cascade,
  used_at      timestamptz not null default now()
);
comment on table public.calcom_used_connect_links is 'Connect links already used to connect Cal.com; server only.';
create index calcom_used_connect_links_business_id_idx on public.calcom_used_connect_links (business_id);

alter table public.calcom_used_connect_links enable row level security;
revoke all on table public.calcom_used_connect_links from public, anon, authenticated;
grant select, insert, update, delete on table public.calcom_used_connect_links to service_role;
create policy "visitors never see used connect links" on public.calcom_used_connect_links for select to anon using (false);
create policy "signed-in users never see used connect links" on public.calcom_used_connect_links for select to authenticated using (false);

-- The connection of a business as the server uses it: sealed tokens, status, default event type
-- and the event types; null when the business is unknown.
create or replace function public.calcom_connection(p_business_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'business_id', b.id,
    'status', b.calcom_status,
    'default_event_type_id', b.calcom_default_event_type_id,
    'credentials', (select to_jsonb(c) - 'refresh_lease_id' - 'refresh_lease_until'
                    from public.calcom_credentials c where c.business_id = b.id),
    'event_types', coalesce((select jsonb_agg(to_jsonb(e) order by e.title)
                             from public.calcom_event_types e where e.business_id = b.id), '[]'::jsonb)
  )
  from public.businesses b
  where b.id = p_business_id
$$;

-- Stores a new or renewed connection atomically: sealed tokens, the account, its event types (the
-- old list is replaced), the default event type (the given one, else the current one while still
-- offered, else the first by title), and the business marked connected.
create or replace function public.store_calcom_connection(
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
  p_default_event_type_id bigint default null
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
    access_token_expires_at, calcom_user_id, calcom_username, scope
  ) values (
    p_business_id, p_auth_type, p_access_token_encrypted, p_refresh_token_encrypted, p_key_id,
    p_access_token_expires_at, p_calcom_user_id, p_calcom_username, p_scope
  )
  on conflict (business_id) do update set
    auth_type = excluded.auth_type,
    access_token_encrypted = excluded.access_token_encrypted,
    refresh_token_encrypted = excluded.refresh_token_encrypted,
    key_id = excluded.key_id,
    access_token_expires_at = excluded.access_token_expires_at,
    calcom_user_id = excluded.calcom_user_id,
    calcom_username = excluded.calcom_username,
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

-- Decides who refreshes an OAuth access token. With the row locked: a token still good after
-- p_fresh_until is returned as is ('fresh', someone refreshed it meanwhile); a live lease of another
-- caller means 'busy' (wait and read again); otherwise this caller takes the lease ('claimed') and
-- gets the sealed refresh token. Leases expire, so a crashed refresher cannot block forever.
create or replace function public.claim_calcom_refresh(
  p_business_id uuid,
  p_lease_id uuid,
  p_lease_seconds integer,
  p_fresh_until timestamptz
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  c public.calcom_credentials;
  outcome text;
begin
  select * into c from public.calcom_credentials where business_id = p_business_id for update;
  if c.business_id is null then
    return jsonb_build_object('outcome', 'missing');
  end if;
  -- A refused grant is final: waiters must not try the dead refresh token again one by one.
  if exists (select 1 from public.businesses where id = p_business_id and calcom_status = 'needs_reconnect') then
    return jsonb_build_object('outcome', 'needs_reconnect');
  end if;
  if c.access_token_expires_at is null or c.access_token_expires_at > p_fresh_until then
    outcome := 'fresh';
  elsif c.refresh_lease_until > now() and c.refresh_lease_id is distinct from p_lease_id then
    outcome := 'busy';
  else
    update public.calcom_credentials
    set refresh_lease_id = p_lease_id, refresh_lease_until = now() + make_interval(secs => p_lease_seconds)
    where business_id = p_business_id;
    outcome := 'claimed';
  end if;
  return jsonb_build_object('outcome', outcome, 'credentials', to_jsonb(c) - 'refresh_lease_id' - 'refresh_lease_until');
end;
$$;

-- Ends a lease: with new sealed tokens (success), or without (failure); p_needs_reconnect marks the
-- business when Cal.com refused the refresh token for good. The lease holder finishes it; so may
-- the caller that spent the stored refresh token if its lease ran out meanwhile (nobody else can
-- have refreshed with that token since: Cal.com killed it when it answered).
create or replace function public.finish_calcom_refresh(
  p_business_id uuid,
  p_lease_id uuid,
  p_access_token_encrypted text default null,
  p_refresh_token_encrypted text default null,
  p_key_id text default null,
  p_access_token_expires_at timestamptz default null,
  p_needs_reconnect boolean default false,
  p_spent_refresh_token_encrypted text default null
)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  update public.calcom_credentials set
    access_token_encrypted = coalesce(p_access_token_encrypted, access_token_encrypted),
    refresh_token_encrypted = coalesce(p_refresh_token_encrypted, refresh_token_encrypted),
    key_id = coalesce(p_key_id, key_id),
    access_token_expires_at = coalesce(p_access_token_expires_at, access_token_expires_at),
    refresh_lease_id = null,
    refresh_lease_until = null
  where business_id = p_business_id
    and (refresh_lease_id = p_lease_id or refresh_token_encrypted = p_spent_refresh_token_encrypted);
  if not found then
    return false;
  end if;
  if p_needs_reconnect then
    update public.businesses set calcom_status = 'needs_reconnect' where id = p_business_id;
  end if;
  return true;
end;
$$;

-- Cal.com refused a credential (401/403): mark the business, unless the credential was replaced
-- meanwhile (a reconnect must not be undone by a late answer about the old one).
create or replace function public.mark_calcom_needs_reconnect(p_business_id uuid, p_access_token_encrypted text)
returns boolean
language sql
volatile
set search_path = ''
as $$
  update public.businesses b
  set calcom_status = 'needs_reconnect'
  where b.id = p_business_id
    and exists (select 1 from public.calcom_credentials c
                where c.business_id = b.id and c.access_token_encrypted = p_access_token_encrypted)
  returning true
$$;
comment on function public.mark_calcom_needs_reconnect(uuid, text) is 'Marks a business needs_reconnect when the credential Cal.com refused is still the stored one.';

-- Starts an attempt from a connect link, unless that link already connected once (false then).
create or replace function public.create_calcom_oauth_state(
  p_jti text,
  p_business_id uuid,
  p_link_jti text,
  p_code_verifier text,
  p_expires_at timestamptz
)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  if exists (select 1 from public.calcom_used_connect_links where jti = p_link_jti) then
    return false;
  end if;
  -- Expired attempts are swept here, so the table never grows without bound.
  delete from public.calcom_oauth_states where expires_at < now() - interval '1 day';
  insert into public.calcom_oauth_states (jti, business_id, link_jti, code_verifier, expires_at)
  values (p_jti, p_business_id, p_link_jti, p_code_verifier, p_expires_at);
  return true;
end;
$$;

-- Uses a state once: the row is deleted whatever happens; only an unexpired one, from a link not
-- spent meanwhile, yields its business, link and PKCE verifier.
create or replace function public.consume_calcom_oauth_state(p_jti text)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  with used as (delete from public.calcom_oauth_states where jti = p_jti returning *)
  select jsonb_build_object('business_id', u.business_id, 'link_jti', u.link_jti, 'code_verifier', u.code_verifier)
  from used u
  where u.expires_at > now()
    and not exists (select 1 from public.calcom_used_connect_links l where l.jti = u.link_jti)
$$;

-- Spends a connect link once its attempt has connected.
create or replace function public.spend_calcom_connect_link(p_link_jti text, p_business_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.calcom_used_connect_links (jti, business_id) values (p_link_jti, p_business_id)
  on conflict (jti) do nothing
$$;

do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.calcom_connection(uuid)',
    'public.store_calcom_connection(uuid, text, text, text, text, timestamptz, bigint, text, text, jsonb, bigint)',
    'public.claim_calcom_refresh(uuid, uuid, integer, timestamptz)',
    'public.finish_calcom_refresh(uuid, uuid, text, text, text, timestamptz, boolean, text)',
    'public.mark_calcom_needs_reconnect(uuid, text)',
    'public.create_calcom_oauth_state(text, uuid, text, text, timestamptz)',
    'public.consume_calcom_oauth_state(text)',
    'public.spend_calcom_connect_link(text, uuid)'
  ] loop
    execute format('revoke execute on function %s from public, anon, authenticated', fn);
    execute format('grant execute on function %s to service_role', fn);
  end loop;
end;
$$;
