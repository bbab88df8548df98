-- Demo members of the demo business (supabase/seed.sql), for the local sign-in of `npm start`:
-- owner@demo.example (owner) and staff@demo.example (staff). Local only, like the roles shim whose
-- auth.local_user_for_email creates their users: on Supabase, Supabase Auth owns auth.users and
-- members are invited through it (POST /api/businesses/{id}/members). Idempotent: a second run
-- changes nothing, and a role an operator changed since stays changed.
insert into public.business_members (business_id, user_id, role)
select b.id, auth.local_user_for_email(demo.email), demo.role
from public.businesses b
cross join (values ('owner@demo.example', 'owner'), ('staff@demo.example', 'staff')) as demo (email, role)
where b.id = '00000000-0000-4000-8000-000000000001'
on conflict (business_id, user_id) do nothing;
