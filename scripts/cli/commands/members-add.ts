import { AddedMemberSchema } from "../../../lib/members/business-member-view.js";
import { segment } from "../api-client.js";
import { listMembers } from "../business-members.js";
import { usageError } from "../cli-error.js";
import type { Command } from "../command.js";
import { formatDetails } from "../format-details.js";
import { printJson } from "../print-json.js";

const ROLES = ["owner", "staff"] as const;

export const membersAdd: Command = {
  name: "members add",
  summary: "Add a member to a business by email, or change their role",
  args: ["<businessId>", "<email>"],
  options: {
    role: { type: "string", value: "owner|staff", description: "owner edits settings and calendar, staff reads only (default: staff, or the member's current role)" },
  },
  notes: [
    "On Supabase, an email nobody has yet is invited: Supabase Auth emails a link to the dashboard.",
    "An email it knows already gets no mail. On npm start's embedded database the member is made",
    "here and a one-time sign-in link is printed instead. Adding someone again changes nothing",
    "but the role given.",
  ],
  examples: ["members add <businessId> ada@example.com --role owner", "members add <businessId> ben@example.com"],
  async run({ args, flags, api, out, json }) {
    const [businessId = "", email = ""] = args;
    const given = flags.string("role")?.trim().toLowerCase();
    if (given !== undefined && !ROLES.some((r) => r === given)) throw usageError(`--role: must be owner or staff, not ${JSON.stringify(flags.string("role"))}`);
    const client = api();
    // Without --role someone already a member keeps their role: a bare re-add must not demote an owner.
    const role = given ?? (await listMembers(client, businessId)).items.find((m) => m.email?.toLowerCase() === email.trim().toLowerCase())?.role ?? "staff";
    const answer = await client.post(`/api/businesses/${segment(businessId)}/members`, AddedMemberSchema, { email: email.trim(), role });
    if (json) return printJson(out, answer.raw);
    const member = answer.data;
    out.stdout(
      formatDetails([
        ["Member", member.email],
        ["Role", member.role],
        ["User", member.userId],
        ["Invited", member.invited ? "yes: Supabase Auth emailed them a link to the dashboard" : "no"],
        ...(member.signInUrl ? [["Sign-in link", `${member.signInUrl} (one use, 15 min)`] as [string, string]] : []),
      ]),
    );
  },
};
