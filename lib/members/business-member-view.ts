import { z } from "zod";
import { MEMBER_ROLES, type BusinessMember } from "../db/business-member-queries.js";

const Timestamp = z.iso.datetime({ offset: true });

/** A member of a business as the operator API shows them. */
export const BusinessMemberViewSchema = z.object({
  userId: z.uuid().describe("The member's user id (Supabase Auth's, or the embedded database's)."),
  email: z.string().nullable(),
  role: z.enum(MEMBER_ROLES).describe("owner: reads everything and edits the settings and calendar; staff: reads only."),
  addedAt: Timestamp,
  updatedAt: Timestamp,
});
export type BusinessMemberView = z.infer<typeof BusinessMemberViewSchema>;

/** GET /api/businesses/{id}/members: every member (a business has few), owners first. */
export const BusinessMemberListSchema = z.object({ items: z.array(BusinessMemberViewSchema) });

/** POST /api/businesses/{id}/members's answer: the membership, and how the member signs in. */
export const AddedMemberSchema = BusinessMemberViewSchema.extend({
  invited: z.boolean().describe("true when Supabase Auth has just emailed the member an invitation (a new user); an email it knew gets none."),
  signInUrl: z.url().optional().describe("npm start's embedded database only: a one-time link into the dashboard as this member (15 minutes)."),
});
export type AddedMember = z.infer<typeof AddedMemberSchema>;

export function toBusinessMemberView(member: BusinessMember): BusinessMemberView {
  return BusinessMemberViewSchema.parse({
    userId: member.userId,
    email: member.email,
    role: member.role,
    addedAt: new Date(member.createdAt).toISOString(),
    updatedAt: new Date(member.updatedAt).toISOString(),
  });
}
