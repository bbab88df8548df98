import { z } from "zod";
import { BookingRowSchema } from "./booking-row.js";
import type { BusinessChanges } from "./businesses.js";
import { DefaultEventTypeUpdateSchema, MemberCalendarRowSchema, type DefaultEventTypeUpdate, type MemberCalendar } from "./member-calendar-row.js";
import { MemberOverviewRowSchema, type MemberOverview } from "./member-overview-row.js";
import { MemberSettingsRowSchema, MemberSettingsUpdateSchema, type MemberSettings, type MemberSettingsUpdate } from "./member-settings-row.js";
import { operatorReadQueries, type ListedBooking, type OperatorReadQueries, type PageAfter } from "./operator-read-queries.js";
import type { DbArg, DbTransport, Member } from "./transport.js";

export const MemberBusinessSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  role: z.enum(["owner", "staff"]),
});
export type MemberBusiness = z.infer<typeof MemberBusinessSchema>;

/** The settings an owner may change (the columns members hold UPDATE on), each optional; null
 *  clears a nullable one. */
export type MemberSettingsChanges = Pick<BusinessChanges, "name" | "greeting" | "timezone" | "businessHours" | "fallbackTransferNumber" | "slotMinutes">;

/** public.member_update_business_settings takes the changes keyed by column. */
const COLUMN_OF = {
  name: "name",
  greeting: "greeting",
  timezone: "timezone",
  businessHours: "business_hours",
  fallbackTransferNumber: "fallback_transfer_number",
  slotMinutes: "slot_minutes",
} as const satisfies Record<keyof MemberSettingsChanges, string>;

export interface MemberBookingListQuery {
  when: "upcoming" | "past";
  after?: PageAfter;
  limit: number;
}

/**
 * What a signed-in member reads and changes (the owner dashboard, issue 12). Every call runs as
 * the member (transport.asMember): row-level security, not this code, decides what it sees and
 * may change, so a forged business id finds nothing (null) and a staff member's write changes
 * nothing (reported as forbidden). One server function, one round trip, each.
 */
export interface MemberQueries extends Pick<OperatorReadQueries, "listCalls" | "callDetails"> {
  /** The member's businesses, by name, with their role in each. */
  businesses(): Promise<MemberBusiness[]>;
  /** Figures for today, the last 7 days and all time, and 30 days of calls per local day. */
  overview(businessId: string): Promise<MemberOverview | null>;
  /** Up to limit + 1 bookings: upcoming soonest first, or past latest first. */
  listBookings(businessId: string, query: MemberBookingListQuery): Promise<ListedBooking[] | null>;
  settings(businessId: string): Promise<MemberSettings | null>;
  updateSettings(businessId: string, changes: MemberSettingsChanges): Promise<MemberSettingsUpdate>;
  calendar(businessId: string): Promise<MemberCalendar | null>;
  setDefaultEventType(businessId: string, eventTypeId: number): Promise<DefaultEventTypeUpdate>;
}

const BookingPageSchema = z.object({ bookings: z.array(z.looseObject({ scheduled_at: z.string() })) }).nullable();

export function memberQueries(transport: DbTransport, member: Member): MemberQueries {
  const asMember = transport.asMember(member);
  const business = (businessId: string): DbArg => ({ name: "p_business_id", type: "uuid", value: businessId });
  const { listCalls, callDetails } = operatorReadQueries(asMember);
  return {
    listCalls,
    callDetails,

    async businesses() {
      return z.array(MemberBusinessSchema).parse(await asMember.rows("member_businesses"));
    },

    async overview(businessId) {
      return MemberOverviewRowSchema.parse(await asMember.value("member_business_overview", [business(businessId)]));
    },

    async listBookings(businessId, query) {
      const page = BookingPageSchema.parse(
        await asMember.value("member_business_bookings", [
          business(businessId),
          { name: "p_when", type: "text", value: query.when },
          { name: "p_after_at", type: "timestamptz", value: query.after?.at ?? null },
          { name: "p_after_id", type: "uuid", value: query.after?.id ?? null },
          { name: "p_limit", type: "integer", value: query.limit },
        ]),
      );
      return page?.bookings.map((row) => ({ ...BookingRowSchema.parse(row), at: row.scheduled_at })) ?? null;
    },

    async settings(businessId) {
      return MemberSettingsRowSchema.nullable().parse(await asMember.value("member_business_settings", [business(businessId)]));
    },

    async updateSettings(businessId, changes) {
      const columns = Object.fromEntries(
        Object.entries(COLUMN_OF).flatMap(([key, column]) => {
          const value = changes[key as keyof MemberSettingsChanges];
          return value === undefined ? [] : [[column, value]];
        }),
      );
      return MemberSettingsUpdateSchema.parse(
        await asMember.value("member_update_business_settings", [business(businessId), { name: "p_changes", type: "jsonb", value: columns }]),
      );
    },

    async calendar(businessId) {
      return MemberCalendarRowSchema.nullable().parse(await asMember.value("member_business_calendar", [business(businessId)]));
    },

    async setDefaultEventType(businessId, eventTypeId) {
      return DefaultEventTypeUpdateSchema.parse(
        await asMember.value("member_set_default_event_type", [business(businessId), { name: "p_event_type_id", type: "bigint", value: eventTypeId }]),
      );
    },
  };
}
