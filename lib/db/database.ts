import { z } from "zod";
import { BusinessRowSchema, type Business, type NewBusiness } from "./business.js";
import { DbError } from "./db-errors.js";
import type { DbTransport } from "./transport.js";

const HealthSchema = z.object({ migrations: z.number().int().nonnegative() });

/**
 * The port: every database operation the app performs, named by intent. Each is one server
 * function, one round trip, on whichever transport is configured.
 */
export interface Database {
  readonly transport: DbTransport["name"];
  /** Proves the database answers; counts applied migrations. */
  health(): Promise<z.infer<typeof HealthSchema>>;
  /** Throws DbError unique_violation when the phone number (or VAPI number id) is taken. */
  createBusiness(input: NewBusiness): Promise<Business>;
  /** Throws DbError not_found for an unknown id. */
  getBusiness(businessId: string): Promise<Business>;
  /** The business answering a called line; null when no business has it. */
  findBusinessByNumber(line: { vapiPhoneNumberId?: string | null; phoneNumber?: string | null }): Promise<Business | null>;
  close(): Promise<void>;
}

export function createDatabase(transport: DbTransport): Database {
  const businesses = async (fn: string, args: Parameters<DbTransport["rows"]>[1]) =>
    (await transport.rows(fn, args)).map((row) => BusinessRowSchema.parse(row));

  return {
    transport: transport.name,
    health: async () => HealthSchema.parse(await transport.value("app_health")),

    async createBusiness(input) {
      const [created] = await businesses("create_business", [
        { name: "p_name", type: "text", value: input.name },
        { name: "p_phone_number", type: "text", value: input.phoneNumber },
        { name: "p_timezone", type: "text", value: input.timezone },
        { name: "p_business_hours", type: "jsonb", value: input.businessHours ?? {} },
        { name: "p_greeting", type: "text", value: input.greeting },
        { name: "p_vapi_phone_number_id", type: "text", value: input.vapiPhoneNumberId },
        { name: "p_vapi_assistant_id", type: "text", value: input.vapiAssistantId },
        { name: "p_fallback_transfer_number", type: "text", value: input.fallbackTransferNumber },
        { name: "p_slot_minutes", type: "integer", value: input.slotMinutes ?? 30 },
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

    close: () => transport.close(),
  };
}
