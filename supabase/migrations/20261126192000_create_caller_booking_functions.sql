-- Purpose: a caller's own bookings (found by the number they call from, never by a name or email
--          they say), and cancelling or moving one of them; for the phone tools.
-- Affects: functions public.caller_bookings, public.cancel_caller_booking,
--          public.reschedule_caller_booking.

-- The business, its Cal.com connection, and the caller's live bookings from p_from on, in one
-- round trip; null when the business is unknown.
create or replace function public.caller_bookings(
  p_business_id uuid,
  p_customer_phone text,
  p_from timestamptz
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'business', to_jsonb(b),
    'calcom', case when b.calcom_status <> 'not_connected' then public.calcom_connection(b.id) end,
    'bookings', coalesce((
      select jsonb_agg(to_jsonb(k) order by k.scheduled_at)
      from public.bookings k
      where k.business_id = b.id
        and k.customer_phone = p_customer_phone
        and k.status in ('pending', 'confirmed')
        and k.ends_at > p_from
    ), '[]'::jsonb)
  )
  from public.businesses b
  where b.id = p_business_id
$$;

-- Cancels one of the caller's live bookings; null when there is no such booking of theirs.
create or replace function public.cancel_caller_booking(
  p_business_id uuid,
  p_booking_id uuid,
  p_customer_phone text
)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  update public.bookings
  set status = 'cancelled', cancelled_at = now()
  where id = p_booking_id
    and business_id = p_business_id
    and customer_phone = p_customer_phone
    and status in ('pending', 'confirmed')
  returning to_jsonb(bookings.*)
$$;

-- Moves one of the caller's live bookings to a new start (and, for Cal.com, to the booking Cal.com
-- made in its place). A built-in booking that would overlap another raises exclusion_violation.
create or replace function public.reschedule_caller_booking(
  p_business_id uuid,
  p_booking_id uuid,
  p_customer_phone text,
  p_start timestamptz,
  p_calcom_booking_id bigint default null,
  p_calcom_booking_uid text default null
)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  update public.bookings
  set scheduled_at = p_start,
      calcom_booking_id = coalesce(p_calcom_booking_id, calcom_booking_id),
      calcom_booking_uid = coalesce(p_calcom_booking_uid, calcom_booking_uid)
  where id = p_booking_id
    and business_id = p_business_id
    and customer_phone = p_customer_phone
    and status in ('pending', 'confirmed')
  returning to_jsonb(bookings.*)
$$;

do $$
declare
  fn text;
begin
  foreach fn in array array[
    'public.caller_bookings(uuid, text, timestamptz)',
    'public.cancel_caller_booking(uuid, uuid, text)',
    'public.reschedule_caller_booking(uuid, uuid, text, timestamptz, bigint, text)'
  ] loop
    execute format('revoke execute on function %s from public, anon, authenticated', fn);
    execute format('grant execute on function %s to service_role', fn);
  end loop;
end;
$$;
