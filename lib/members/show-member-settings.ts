import type { MemberQueries } from "../db/member-queries.js";
import { ApiError } from "../http/api-error.js";
import { toMemberSettingsView, type MemberSettingsView } from "./member-settings-view.js";

/** GET /api/member/businesses/{id}/settings, as the member; 404 for a business they cannot see. */
export async function showMemberSettings(member: MemberQueries, businessId: string): Promise<MemberSettingsView> {
  const settings = await member.settings(businessId);
  if (!settings) throw new ApiError("not_found", `business ${businessId} not found`);
  return toMemberSettingsView(settings);
}
