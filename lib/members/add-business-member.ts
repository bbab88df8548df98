import { createSignInLink } from "../auth/create-sign-in-link.js";
import { localSignInSecret } from "../auth/local-sign-in.js";
import { AuthAdminError, type AuthAdmin } from "../db/auth-admin.js";
import type { Database } from "../db/database.js";
import { ApiError, type ErrorCode } from "../http/api-error.js";
import { toBusinessMemberView, type AddedMember } from "./business-member-view.js";
import type { AddMemberBody } from "./member-requests.js";

const CODE_OF: Record<AuthAdminError["reason"], ErrorCode> = {
  invalid_email: "bad_request",
  rate_limited: "rate_limited",
  refused: "upstream",
  unavailable: "unavailable",
};

/**
 * Makes someone a member of a business, or changes their role: the same email twice is one
 * membership. An email nobody has yet becomes a user through the AuthAdmin (on Supabase an
 * invitation email, once); one already registered is looked up in the database first, so it is
 * never mailed again. On npm start's embedded database the answer carries a fresh one-time
 * sign-in link. `created` says whether the membership is new.
 */
export async function addBusinessMember(
  db: Database,
  authAdmin: () => Promise<AuthAdmin> | undefined,
  input: AddMemberBody & { businessId: string; baseUrl: string },
): Promise<{ member: AddedMember; created: boolean }> {
  const { businessId, email, role, baseUrl } = input;
  const found = await db.findBusinessMemberUser(businessId, email);
  if (!found) throw new ApiError("not_found", `business ${businessId} not found`);
  let userId = found.userId;
  let invited = false;
  if (!userId) ({ userId, invited } = await makeUser(authAdmin, email, `${baseUrl}/dashboard/`));
  const saved = await db.putBusinessMember(businessId, userId, role);
  if (saved.outcome === "unknown_business") throw new ApiError("not_found", `business ${businessId} not found`);
  if (saved.outcome === "unknown_user") throw new ApiError("conflict", `email: the user for ${email} was deleted meanwhile; add them again`);
  const signInUrl = localSignInSecret() ? createSignInLink({ userId, baseUrl }).url : undefined;
  return { member: { ...toBusinessMemberView(saved.member), invited, ...(signInUrl ? { signInUrl } : {}) }, created: saved.created };
}

async function makeUser(authAdmin: () => Promise<AuthAdmin> | undefined, email: string, redirectTo: string): Promise<{ userId: string; invited: boolean }> {
  const admin = authAdmin();
  if (!admin) {
    throw new ApiError("unavailable", `email: nobody has ${email} yet, and new members are invited through Supabase Auth: set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (npm start without a database makes them itself)`);
  }
  try {
    return await (await admin).userForEmail(email, { redirectTo });
  } catch (error) {
    if (error instanceof AuthAdminError) throw new ApiError(CODE_OF[error.reason], error.message, { cause: error });
    throw error;
  }
}
