-- Purpose: Cal.com access for each business (OAuth tokens or an API key), encrypted by the server
--          with AES-256-GCM before they reach the database. Kept out of businesses so that no
--          `select *` an owner can run ever returns a token.
-- Affects: table public.calcom_credentials.

create table public.calcom_credentials (
  business_id              uuid primary key references public.businesses (id) on delete cascade,
  auth_type                text not null check (auth_type in ('oauth', 'api_key')),
  -- Ciphertexts (base64url of iv || tag || ciphertext); key_id names the key that sealed them so
  -- the key can be rotated.
  access_token_encrypted   text not null check (char_length(access_token_encrypted) > 0),
  refresh_token_encrypted  text check (char_length(refresh_token_encrypted) > 0),
  key_id                   text not null check (char_length(key_id) between 1 and 64),
  access_token_expires_at  timestamptz,
  calcom_user_id           bigint,
  calcom_username          text,
  created_at               timestamptz not null default now(),
  updated_at               timestamptz not null default now(),
  check (auth_type = 'api_key' or refresh_token_encrypted is not null)
);
comment on table public.calcom_credentials is 'Encrypted Cal.com tokens per business; readable by the server (service_role) only.';

create trigger calcom_credentials_set_updated_at
  before update on public.calcom_credentials
  for each row execute function private.set_updated_at();

alter table public.calcom_credentials enable row level security;

revoke all on table public.calcom_credentials from public, anon, authenticated;
grant select, insert, update, delete on table public.calcom_credentials to service_role;

-- No client role has a grant; these policies state the intent once more (Supabase's linter asks
-- for an explicit rejection where a table is server-only).
create policy "visitors never see Cal.com credentials"
  on public.calcom_credentials for select to anon
  using (false);
create policy "signed-in users never see Cal.com credentials"
  on public.calcom_credentials for select to authenticated
  using (false);
