import { z } from "zod";
import { MEMBER_ROLES } from "../db/business-member-queries.js";

/** POST /api/businesses/{id}/members's body. Strict, so a misspelt field is refused by name. The
 *  role is required: adding someone again with a default would quietly demote an owner. */
export const AddMemberBodySchema = z.strictObject({
  email: z
    .email({ message: "must be an email address" })
    .max(254, "must be at most 254 characters")
    .toLowerCase()
    .describe("Whom to add. Compared without regard to case; an email already registered keeps its user."),
  role: z.enum(MEMBER_ROLES, { message: "must be owner or staff" }).describe("owner: reads everything and edits settings and calendar; staff: reads only."),
});
export type AddMemberBody = z.infer<typeof AddMemberBodySchema>;
