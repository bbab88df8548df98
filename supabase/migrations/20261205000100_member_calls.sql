-- Purpose: members read their business's calls a page at a time (filtered by local day and status)
--          and one call with its transcript and bookings: the operator API's two read functions,
--          now also executable by signed-in members (issue 12).
-- Affects: functions public.list_business_calls, public.call_details (execute granted to
--          authenticated).
--
-- Both are security invoker and have no filter of their own beyond the ids they are given, so as
-- a member they see what the policies on businesses, calls, bookings and call_transcripts let
-- that member see: another business's id (or a call of it) answers null, as an unknown one does.
-- They return nothing a member could not select from those tables directly. One definition for
-- operators and members keeps the keyset pages and the spoken order of transcripts the same.

grant execute on function public.list_business_calls(uuid, text, text, text, timestamptz, uuid, integer) to authenticated;
grant execute on function public.call_details(uuid) to authenticated;
