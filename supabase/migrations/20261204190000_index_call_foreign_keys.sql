-- Purpose: index the composite foreign keys to calls, as Supabase's performance advisor asks.
-- Affects: indexes on public.bookings, public.call_transcripts, public.vapi_tool_results.
--
-- Supabase's performance advisor (lint unindexed_foreign_keys) reports the composite foreign keys
-- (call_id, business_id) of bookings, call_transcripts and vapi_tool_results: no index starts with
-- both columns in that order, so deleting a call (or a business, which cascades to its calls)
-- scans these tables for each call. An index on (call_id, business_id) also serves every lookup by
-- call_id alone, so the single-column indexes it makes redundant go.

create index bookings_call_id_business_id_idx on public.bookings (call_id, business_id);
drop index public.bookings_call_id_idx;

create index call_transcripts_call_id_business_id_idx on public.call_transcripts (call_id, business_id);

create index vapi_tool_results_call_id_business_id_idx on public.vapi_tool_results (call_id, business_id);
drop index public.vapi_tool_results_call_id_idx;
