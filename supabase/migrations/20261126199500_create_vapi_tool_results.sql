-- Purpose: make every phone tool idempotent by its tool call id, and give a tool call its context
--          in one round trip even when it is the first message we hear of the call.
-- Affects: table public.vapi_tool_results; functions public.tool_call_context,
--          public.save_tool_results.

-- What a tool call answered, by its id: a redelivered tool call gets the same answer and does not
-- act twice (cancel, reschedule and book alike).
create table public.vapi_tool_results (
  business_id   uuid not null references public.businesses (id) on delete cascade,
  tool_call_id  text not null check (char_length(tool_call_id) between 1 and 300),
  call_id       uuid not null,
  tool          text not null check (char_length(tool) between 1 and 100),
  result        text not null,
  created_at    timestamptz not null default now(),
  primary key (business_id, tool_call_id),
  foreign key (call_id, business_id) references public.calls (id, business_id) on delete cascade
);
comment on table public.vapi_tool_results is 'Answers given to VAPI tool calls, by tool call id; server only.';
create index vapi_tool_results_call_id_idx on public.vapi_tool_results (call_id);

alter table public.vapi_tool_results enable row level security;
revoke all on table public.vapi_tool_results from public, anon, authenticated;
grant select, insert, update, delete on table public.vapi_tool_results to service_role;
create policy "visitors never see tool results" on public.vapi_tool_results for select to anon using (false);
create policy "signed-in users never see tool results" on public.vapi_tool_results for select to authenticated using (false);

-- The business of the called line, the call (created as in progress if this is the first message
-- of it: a tool call means the call is live), and the answers already given to these tool calls.
-- The tenant is the line; a call id stored for another business gives 'foreign_call'.
create or replace function public.tool_call_context(
  p_vapi_call_id text,
  p_vapi_phone_number_id text,
  p_phone_number text,
  p_customer_number text,
  p_direction text,
  -- ["<tool call id>", …] (jsonb, so both transports send it the same way)
  p_tool_call_ids jsonb
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  found public.businesses;
  call public.calls;
begin
  select * into found from public.find_business_by_number(p_vapi_phone_number_id, p_phone_number);
  if found.id is null then
    return jsonb_build_object('outcome', 'unknown_business');
  end if;
  call := private.open_call(found.id, p_vapi_call_id, p_customer_number, p_direction, 'in-progress');
  if call.id is null then
    return jsonb_build_object('outcome', 'foreign_call');
  end if;
  return jsonb_build_object(
    'outcome', 'found',
    'business', to_jsonb(found),
    'call', to_jsonb(call),
    'answered', coalesce((select jsonb_object_agg(r.tool_call_id, r.result) from public.vapi_tool_results r
                          where r.business_id = found.id
                            and r.tool_call_id in (select jsonb_array_elements_text(p_tool_call_ids))), '{}'::jsonb)
  );
end;
$$;
comment on function public.tool_call_context(text, text, text, text, text, jsonb) is 'Business, call and earlier answers for a VAPI tool-calls message.';

create or replace function public.save_tool_results(p_business_id uuid, p_call_id uuid, p_results jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.vapi_tool_results (business_id, tool_call_id, call_id, tool, result)
  select p_business_id, r.value ->> 'toolCallId', p_call_id, r.value ->> 'name', r.value ->> 'result'
  from jsonb_array_elements(p_results) r
  on conflict (business_id, tool_call_id) do nothing
$$;
comment on function public.save_tool_results(uuid, uuid, jsonb) is 'Keeps the answers given to tool calls (first answer wins).';

revoke execute on function public.tool_call_context(text, text, text, text, text, jsonb) from public, anon, authenticated;
revoke execute on function public.save_tool_results(uuid, uuid, jsonb) from public, anon, authenticated;
grant execute on function public.tool_call_context(text, text, text, text, text, jsonb) to service_role;
grant execute on function public.save_tool_results(uuid, uuid, jsonb) to service_role;
