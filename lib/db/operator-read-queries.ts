import { z } from "zod";
import { BookingRowSchema, type Booking } from "./booking-row.js";
import { CallDetailsRowSchema, ListedCallRowSchema, type CallDetails, type ListedCall } from "./call-record-row.js";
import type { DbArg, DbTransport } from "./transport.js";

/** Where the previous page ended: its last row's sort value (as the database wrote it) and id. */
export interface PageAfter {
  at: string;
  id: string;
}

/** A date range: instants with an offset, or dates (YYYY-MM-DD) meaning the business's local
 *  days, `to` included; see public.list_business_calls. */
export interface DateRange {
  from?: string;
  to?: string;
}

export interface CallListQuery extends DateRange {
  status?: string;
  after?: PageAfter;
  limit: number;
}

export interface BookingListQuery extends DateRange {
  status?: string;
  customerPhone?: string;
  callId?: string;
  after?: PageAfter;
  limit: number;
}

export interface OperatorReadQueries {
  /** Up to limit + 1 calls, newest first; null when the business does not exist. */
  listCalls(businessId: string, query: CallListQuery): Promise<ListedCall[] | null>;
  /** A call with its transcript lines (in spoken order) and bookings; null when unknown. */
  callDetails(callId: string): Promise<CallDetails | null>;
  /** Up to limit + 1 bookings by appointment time; null when the business does not exist. */
  listBookings(businessId: string, query: BookingListQuery): Promise<ListedBooking[] | null>;
}

const CallPageSchema = z.object({ calls: z.array(ListedCallRowSchema) }).nullable();
const BookingPageSchema = z.object({ bookings: z.array(z.looseObject({ scheduled_at: z.string() })) }).nullable();

/** A booking in a list, with its start as the database wrote it (microseconds and all): the page
 *  key, which a Date would round. */
export type ListedBooking = Booking & { at: string };

function pageArgs(query: DateRange & { status?: string; after?: PageAfter; limit: number }): DbArg[] {
  return [
    { name: "p_from", type: "text", value: query.from ?? null },
    { name: "p_to", type: "text", value: query.to ?? null },
    { name: "p_status", type: "text", value: query.status ?? null },
    { name: "p_after_at", type: "timestamptz", value: query.after?.at ?? null },
    { name: "p_after_id", type: "uuid", value: query.after?.id ?? null },
    { name: "p_limit", type: "integer", value: query.limit },
  ];
}

export function operatorReadQueries(transport: DbTransport): OperatorReadQueries {
  return {
    async listCalls(businessId, query) {
      const page = CallPageSchema.parse(
        await transport.value("list_business_calls", [{ name: "p_business_id", type: "uuid", value: businessId }, ...pageArgs(query)]),
      );
      return page?.calls ?? null;
    },

    async callDetails(callId) {
      return CallDetailsRowSchema.nullable().parse(await transport.value("call_details", [{ name: "p_call_id", type: "uuid", value: callId }]));
    },

    async listBookings(businessId, query) {
      const page = BookingPageSchema.parse(
        await transport.value("list_business_bookings", [
          { name: "p_business_id", type: "uuid", value: businessId },
          ...pageArgs(query),
          { name: "p_customer_phone", type: "text", value: query.customerPhone ?? null },
          { name: "p_call_id", type: "uuid", value: query.callId ?? null },
        ]),
      );
      return page?.bookings.map((row) => ({ ...BookingRowSchema.parse(row), at: row.scheduled_at })) ?? null;
    },
  };
}
