import { z } from "zod";
import type { DbTransport } from "./transport.js";

export const MEMBER_ROLES = ["owner", "staff"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A business_members row with its user's email, as the server functions return it. */
const BusinessMemberRowSchema = z
  .object({
    user_id: z.uuid(),
    // Supabase Auth allows users without one (phone sign-ups); ours are invited by email.
    email: z.string().nullable(),
    role: z.enum(MEMBER_ROLES),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform((row) => ({ userId: row.user_id, email: row.email, role: row.role, createdAt: row.created_at, updatedAt: row.updated_at }));
export type BusinessMember = z.output<typeof BusinessMemberRowSchema>;

const MemberUserSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("unknown_business") }),
  z.object({ outcome: z.literal("ready"), user_id: z.uuid().nullable() }),
]);

const PutMemberSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("saved"), created: z.boolean(), member: BusinessMemberRowSchema }),
  z.object({ outcome: z.literal("unknown_business") }),
  z.object({ outcome: z.literal("unknown_user") }),
]);
export type PutMemberOutcome = z.output<typeof PutMemberSchema>;

/** The operator's view of who may sign in to a business's dashboard (service role: the operator
 *  API is the tenant boundary here, each call names its business). */
export interface BusinessMemberQueries {
  /** Owners first, then by email; null when the business does not exist. */
  listBusinessMembers(businessId: string): Promise<BusinessMember[] | null>;
  /** Before adding a member: null when the business does not exist, else the id of the user who
   *  has this email already (case-insensitive), or undefined when nobody has. */
  findBusinessMemberUser(businessId: string, email: string): Promise<{ userId: string | undefined } | null>;
  /** Adds the user with the role, or changes their role: one membership however often. */
  putBusinessMember(businessId: string, userId: string, role: MemberRole): Promise<PutMemberOutcome>;
  /** False when the user was not a member of the business. */
  removeBusinessMember(businessId: string, userId: string): Promise<boolean>;
}

export function businessMemberQueries(transport: DbTransport): BusinessMemberQueries {
  const business = (businessId: string) => ({ name: "p_business_id", type: "uuid", value: businessId }) as const;
  return {
    async listBusinessMembers(businessId) {
      return z.array(BusinessMemberRowSchema).nullable().parse(await transport.value("list_business_members", [business(businessId)]));
    },

    async findBusinessMemberUser(businessId, email) {
      const found = MemberUserSchema.parse(await transport.value("find_business_member_user", [business(businessId), { name: "p_email", type: "text", value: email }]));
      return found.outcome === "unknown_business" ? null : { userId: found.user_id ?? undefined };
    },

    async putBusinessMember(businessId, userId, role) {
      return PutMemberSchema.parse(
        await transport.value("put_business_member", [business(businessId), { name: "p_user_id", type: "uuid", value: userId }, { name: "p_role", type: "text", value: role }]),
      );
    },

    async removeBusinessMember(businessId, userId) {
      return z.boolean().parse(await transport.value("remove_business_member", [business(businessId), { name: "p_user_id", type: "uuid", value: userId }]));
    },
  };
}
