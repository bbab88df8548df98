import { z } from "zod";
import { BusinessRowSchema, type Business } from "./business-row.js";
import { DbError } from "./db-errors.js";
import { NewBusinessSchema, type NewBusiness } from "./new-business.js";
import type { PageAfter } from "./operator-read-queries.js";
import type { DbArg, DbTransport } from "./transport.js";

/** The settings an operator may change, each optional; null clears a nullable one. */
export interface BusinessChanges {
  name?: string;
  phoneNumber?: string;
  vapiPhoneNumberId?: string | null;
  vapiAssistantId?: string | null;
  timezone?: string;
  businessHours?: Business["businessHours"];
  greeting?: string | null;
  fallbackTransferNumber?: string | null;
  slotMinutes?: number;
  active?: boolean;
  calcomDefaultEventTypeId?: number;
}

/** public.update_business takes the changes keyed by column. */
const COLUMN_OF = {
  name: "name",
  phoneNumber: "phone_number",
  vapiPhoneNumberId: "vapi_phone_number_id",
  vapiAssistantId: "vapi_assistant_id",
  timezone: "timezone",
  businessHours: "business_hours",
  greeting: "greeting",
  fallbackTransferNumber: "fallback_transfer_number",
  slotMinutes: "slot_minutes",
  active: "active",
  calcomDefaultEventTypeId: "calcom_default_event_type_id",
} as const satisfies Record<keyof BusinessChanges, string>;

const UpdatedSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("updated"), business: BusinessRowSchema }),
  z.object({ outcome: z.literal("unknown_business") }),
  z.object({ outcome: z.literal("unknown_event_type"), offered: z.array(z.number().int()) }),
]);
export type BusinessUpdate = z.output<typeof UpdatedSchema>;

export interface BusinessQueries {
  /** Throws a ZodError for invalid input, DbError unique_violation when the phone number (or VAPI
   *  number id) is taken. */
  createBusiness(input: NewBusiness): Promise<Business>;
  /** Throws DbError not_found for an unknown id. */
  getBusiness(businessId: string): Promise<Business>;
  /** The business answering a called line; null when no business has it. */
  findBusinessByNumber(line: { vapiPhoneNumberId?: string | null; phoneNumber?: string | null }): Promise<Business | null>;
  /** Up to limit + 1 businesses, newest first (createdAt is the page key). */
  listBusinesses(query: { active?: boolean; phoneNumber?: string; after?: PageAfter; limit: number }): Promise<Business[]>;
  /** Throws DbError unique_violation when the new phone number (or VAPI number id) is taken. */
  updateBusiness(businessId: string, changes: BusinessChanges): Promise<BusinessUpdate>;
}

export function businessQueries(transport: DbTransport): BusinessQueries {
  const businesses = async (fn: string, args: DbArg[]) => (await transport.rows(fn, args)).map((row) => BusinessRowSchema.parse(row));

  return {
    async createBusiness(input) {
      const business = NewBusinessSchema.parse(input);
      const [created] = await businesses("create_business", [
        { name: "p_name", type: "text", value: business.name },
        { name: "p_phone_number", type: "text", value: business.phoneNumber },
        { name: "p_timezone", type: "text", value: business.timezone },
        { name: "p_business_hours", type: "jsonb", value: business.businessHours },
        { name: "p_greeting", type: "text", value: business.greeting },
        { name: "p_vapi_phone_number_id", type: "text", value: business.vapiPhoneNumberId },
        { name: "p_vapi_assistant_id", type: "text", value: business.vapiAssistantId },
        { name: "p_fallback_transfer_number", type: "text", value: business.fallbackTransferNumber },
        { name: "p_slot_minutes", type: "integer", value: business.slotMinutes },
      ]);
      if (!created) throw new DbError("unexpected", "create_business returned no row");
      return created;
    },

    async getBusiness(businessId) {
      const [found] = await businesses("get_business", [{ name: "p_business_id", type: "uuid", value: businessId }]);
      if (!found) throw new DbError("not_found", `business ${businessId} not found`);
      return found;
    },

    async findBusinessByNumber(line) {
      const [found] = await businesses("find_business_by_number", [
        { name: "p_vapi_phone_number_id", type: "text", value: line.vapiPhoneNumberId ?? null },
        { name: "p_phone_number", type: "text", value: line.phoneNumber ?? null },
      ]);
      return found ?? null;
    },

    async listBusinesses(query) {
      const rows = await transport.value("list_businesses", [
        { name: "p_active", type: "boolean", value: query.active ?? null },
        { name: "p_phone_number", type: "text", value: query.phoneNumber ?? null },
        { name: "p_after_created_at", type: "timestamptz", value: query.after?.at ?? null },
        { name: "p_after_id", type: "uuid", value: query.after?.id ?? null },
        { name: "p_limit", type: "integer", value: query.limit },
      ]);
      return z.array(BusinessRowSchema).parse(rows);
    },

    async updateBusiness(businessId, changes) {
      const columns = Object.fromEntries(
        Object.entries(COLUMN_OF).flatMap(([key, column]) => {
          const value = changes[key as keyof BusinessChanges];
          return value === undefined ? [] : [[column, value]];
        }),
      );
      return UpdatedSchema.parse(
        await transport.value("update_business", [
          { name: "p_business_id", type: "uuid", value: businessId },
          { name: "p_changes", type: "jsonb", value: columns },
        ]),
      );
    },
  };
}
