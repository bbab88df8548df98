import type { z } from "zod";
import type { MemberQueries } from "../db/member-queries.js";
import type { MemberSettingsBodySchema } from "./member-settings-body.js";
import { toMemberSettingsView, type MemberSettingsView } from "./member-settings-view.js";
import { refusedWrite } from "./refused-write.js";

/** Applies PATCH /api/member/businesses/{id}/settings as the member: owners change, staff get a
 *  403, anyone else a 404. */
export async function updateMemberSettings(member: MemberQueries, businessId: string, changes: z.output<typeof MemberSettingsBodySchema>): Promise<MemberSettingsView> {
  const result = await member.updateSettings(businessId, changes);
  if (result.outcome !== "updated") throw refusedWrite(result.outcome, businessId);
  return toMemberSettingsView(result.settings);
}
