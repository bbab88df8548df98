import { BusinessMemberListSchema, type BusinessMemberView } from "../../lib/members/business-member-view.js";
import { segment, type ApiClient } from "./api-client.js";
import { CliError } from "./cli-error.js";
import { EXIT } from "./exit-codes.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A business's members, as GET /api/businesses/{id}/members lists them. */
export async function listMembers(api: ApiClient, businessId: string): Promise<{ raw: unknown; items: BusinessMemberView[] }> {
  const answer = await api.get(`/api/businesses/${segment(businessId)}/members`, BusinessMemberListSchema);
  return { raw: answer.raw, items: answer.data.items };
}

/** The member a command line names, by email (any case) or user id; exit 3 when there is none. */
export function memberNamed(members: BusinessMemberView[], who: string, businessId: string): BusinessMemberView {
  const byId = UUID.test(who);
  const member = members.find((m) => (byId ? m.userId === who.toLowerCase() : m.email?.toLowerCase() === who.trim().toLowerCase()));
  if (!member) {
    throw new CliError(`${who} is not a member of business ${businessId}`, EXIT.notFound, `"npm run cli -- members list ${businessId}" shows its members.`);
  }
  return member;
}

export function isUserId(value: string): boolean {
  return UUID.test(value);
}
