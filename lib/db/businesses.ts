import { BusinessRowSchema, type Business } from "./business-row.js";
import { DbError } from "./db-errors.js";
import { NewBusinessSchema, type NewBusiness } from "./new-business.js";
import type { DbArg, DbTransport } from "./transport.js";

export interface BusinessQueries {
  /** Throws a ZodError for invalid input, DbError unique_violation when the phone number (or VAPI
   *  number id) is taken. */
  createBusiness(input: NewBusiness): Promise<Business>;
  /** Throws DbError not_found for an unknown id. */
  getBusiness(businessId: string): Promise<Business>;
  /** The business answering a called line; null when no business has it. */
  findBusinessByNumber(line: { vapiPhoneNumberId?: string | null; phoneNumber?: string | null }): Promise<Business | null>;
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
  };
}
