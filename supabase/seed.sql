-- Demo data for local runs (`npm start`, `npm run db:seed`, `supabase db reset`). Idempotent: running
-- it again changes nothing. The demo business has no Cal.com connection, so it books in the
-- built-in calendar.
insert into public.businesses (
  id, name, phone_number, vapi_phone_number_id, timezone, business_hours, greeting,
  fallback_transfer_number, slot_minutes
) values (
  '00000000-0000-4000-8000-000000000001',
  'Bright Smile Dental (demo)',
  '+15555550100',
  'demo-phone-number-id',
  'America/New_York',
  '{"mon": [{"open": "09:00", "close": "17:00"}],
    "tue": [{"open": "09:00", "close": "17:00"}],
    "wed": [{"open": "09:00", "close": "17:00"}],
    "thu": [{"open": "09:00", "close": "19:00"}],
    "fri": [{"open": "09:00", "close": "15:00"}],
    "sat": [{"open": "10:00", "close": "13:00"}]}'::jsonb,
  'Thanks for calling Bright Smile Dental, this is the virtual receptionist. How can I help?',
  null,
  30
)
-- Any conflict (this id, or the demo number already taken by a real business) leaves the table as is.
on conflict do nothing;
