import type postgres from "postgres";

/**
 * Everything one business owns, as JSON text in a stable order: compare a snapshot taken before
 * and after a run to prove the run did not touch that business.
 */
export async function tenantSnapshot(sql: postgres.Sql, businessId: string): Promise<Record<string, string>> {
  const [row] = await sql<Record<string, string>[]>`
    select
      (select coalesce(jsonb_agg(to_jsonb(b)), '[]')::text from public.businesses b where b.id = ${businessId}) as businesses,
      (select coalesce(jsonb_agg(to_jsonb(c) order by c.id), '[]')::text from public.calls c where c.business_id = ${businessId}) as calls,
      (select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]')::text from public.call_transcripts t where t.business_id = ${businessId}) as call_transcripts,
      (select coalesce(jsonb_agg(to_jsonb(k) order by k.id), '[]')::text from public.bookings k where k.business_id = ${businessId}) as bookings,
      (select coalesce(jsonb_agg(to_jsonb(m) order by m.user_id), '[]')::text from public.business_members m where m.business_id = ${businessId}) as business_members,
      (select coalesce(jsonb_agg(to_jsonb(x)), '[]')::text from public.calcom_credentials x where x.business_id = ${businessId}) as calcom_credentials,
      (select coalesce(jsonb_agg(to_jsonb(e) order by e.event_type_id), '[]')::text from public.calcom_event_types e where e.business_id = ${businessId}) as calcom_event_types`;
  if (!row) throw new Error("snapshot query returned nothing");
  return row;
}

/**
 * Rules the data of these businesses must satisfy whatever was sent to us, each a query for the
 * rows that break it (so a failure shows them). Some repeat a constraint on purpose: the point is
 * to notice if a migration ever drops one.
 */
const INVARIANTS: Record<string, string> = {
  "no two live built-in bookings of a business overlap": `
    select a.id, b.id as other from public.bookings a join public.bookings b
      on a.business_id = b.business_id and a.id < b.id
     and tstzrange(a.scheduled_at, a.ends_at) && tstzrange(b.scheduled_at, b.ends_at)
    where a.business_id = any($1) and a.calcom_booking_uid is null and b.calcom_booking_uid is null
      and a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')`,
  "every transcript line belongs to a call of the same business": `
    select t.id from public.call_transcripts t left join public.calls c on c.id = t.call_id
    where t.business_id = any($1) and (c.id is null or c.business_id <> t.business_id)`,
  "every booking made on a call is the same business's call": `
    select k.id from public.bookings k join public.calls c on c.id = k.call_id
    where k.business_id = any($1) and c.business_id <> k.business_id`,
  "ended calls have ended_at, and no call ends before it starts": `
    select id, status, started_at, ended_at from public.calls
    where business_id = any($1) and ((status = 'ended' and ended_at is null) or ended_at < started_at)`,
  "a call's duration is its end minus its start": `
    select id from public.calls
    where business_id = any($1) and duration_seconds is not null and started_at is not null and ended_at is not null
      and abs(duration_seconds - extract(epoch from ended_at - started_at)) > 0.01`,
  "transcript lines of a call are numbered once each": `
    select call_id, sequence from public.call_transcripts where business_id = any($1)
    group by call_id, sequence having count(*) > 1`,
  // (Not the converse: a booking cancelled on a later call leaves the call that made it marked.)
  "a call marked as having made a booking has one": `
    select c.id from public.calls c
    where c.business_id = any($1) and c.booking_made
      and not exists (select 1 from public.bookings k where k.call_id = c.id)`,
  "a booking ends after it starts and cancelled ones say when": `
    select id from public.bookings
    where business_id = any($1) and (ends_at <= scheduled_at or (status = 'cancelled' and cancelled_at is null))`,
};

/** The rows breaking each invariant, for the given businesses; all lists are empty when the data is sound. */
export async function brokenInvariants(sql: postgres.Sql, businessIds: string[]): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(INVARIANTS)) {
    broken[name] = [...(await sql.unsafe(query, [businessIds]))];
  }
  return broken;
}
