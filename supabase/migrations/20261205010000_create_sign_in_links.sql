-- Purpose: the local sign-in of npm start's embedded database (issue 12): a one-time link signs a
--          member in once. The links themselves are signed tokens (lib/crypto/signed-token.ts,
--          purpose member_sign_in_link); this records the ones used, so a link copied from a
--          terminal's scrollback or forwarded after use signs nobody in. On Supabase the table
--          stays empty: members sign in through Supabase Auth there.
-- Affects: table public.used_sign_in_links; function public.spend_sign_in_link.

create table public.used_sign_in_links (
  jti         text primary key check (char_length(jti) between 16 and 100),
  user_id     uuid not null references auth.users (id) on delete cascade,
  -- When the link would have expired anyway: a row older than that guards nothing and is swept.
  expires_at  timestamptz not null,
  used_at     timestamptz not null default now()
);
comment on table public.used_sign_in_links is 'Local sign-in links already used; server only.';
create index used_sign_in_links_user_id_idx on public.used_sign_in_links (user_id);
create index used_sign_in_links_expires_at_idx on public.used_sign_in_links (expires_at);

alter table public.used_sign_in_links enable row level security;
revoke all on table public.used_sign_in_links from public, anon, authenticated;
grant select, insert, update, delete on table public.used_sign_in_links to service_role;
create policy "visitors never see used sign-in links" on public.used_sign_in_links for select to anon using (false);
create policy "signed-in users never see used sign-in links" on public.used_sign_in_links for select to authenticated using (false);

-- Spends a link once: {outcome: 'signed_in', email} the first time, {outcome: 'used'} after, and
-- {outcome: 'unknown_user'} when the user is gone (nothing is spent then). Two concurrent spends of
-- one link: the second waits on the first's row and finds it used. Security definer because it
-- reads the user's email in auth.users, which the service role holds no grant on (its owner,
-- postgres, does, on Supabase as in the shim); it answers only for the link it is given.
create or replace function public.spend_sign_in_link(p_jti text, p_user_id uuid, p_expires_at timestamptz)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_email text;
begin
  select u.email into v_email from auth.users u where u.id = p_user_id;
  if not found then
    return jsonb_build_object('outcome', 'unknown_user');
  end if;
  -- Swept here, so the table never grows without bound: past its expiry a link is refused by its
  -- signature check alone (a day's margin for the app's clock against the database's).
  delete from public.used_sign_in_links where expires_at < now() - interval '1 day';
  insert into public.used_sign_in_links (jti, user_id, expires_at) values (p_jti, p_user_id, p_expires_at)
  on conflict (jti) do nothing;
  if not found then
    return jsonb_build_object('outcome', 'used');
  end if;
  return jsonb_build_object('outcome', 'signed_in', 'email', v_email);
end;
$$;
comment on function public.spend_sign_in_link(text, uuid, timestamptz) is 'Spends a local sign-in link once; says whether it was already used.';

revoke execute on function public.spend_sign_in_link(text, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.spend_sign_in_link(text, uuid, timestamptz) to service_role;
