import { z } from "zod";
import type { DbTransport, Member } from "./transport.js";

export const MemberBusinessSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  role: z.enum(["owner", "staff"]),
});
export type MemberBusiness = z.infer<typeof MemberBusinessSchema>;

/**
 * What a signed-in member reads and changes (the owner dashboard, issue 12). Every call runs as
 * the member (transport.asMember): row-level security, not this code, decides what it sees, so a
 * forged business id finds nothing.
 */
export interface MemberQueries {
  /** The member's businesses, by name, with their role in each. */
  businesses(): Promise<MemberBusiness[]>;
}

export function memberQueries(transport: DbTransport, member: Member): MemberQueries {
  const asMember = transport.asMember(member);
  return {
    async businesses() {
      return z.array(MemberBusinessSchema).parse(await asMember.rows("member_businesses"));
    },
  };
}
