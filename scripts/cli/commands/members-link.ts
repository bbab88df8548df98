import { SignInLinkSchema } from "../../../lib/auth/create-sign-in-link.js";
import { segment } from "../api-client.js";
import { listMembers, memberNamed } from "../business-members.js";
import type { Command } from "../command.js";
import { formatDetails } from "../format-details.js";
import { formatTime } from "../format-time.js";
import { printJson } from "../print-json.js";

export const membersLink: Command = {
  name: "members link",
  summary: "Print a one-time sign-in link for a member (npm start's embedded database)",
  args: ["<businessId>", "<email|userId>"],
  options: {},
  notes: [
    "The link opens the dashboard signed in as the member; it works once, within 15 minutes.",
    "On Supabase there are none: members sign in through Supabase Auth (the server says 404).",
  ],
  examples: ["members link 00000000-0000-4000-8000-000000000001 owner@demo.example"],
  async run({ args, api, out, json }) {
    const [businessId = "", who = ""] = args;
    const client = api();
    const member = memberNamed((await listMembers(client, businessId)).items, who, businessId);
    const answer = await client.post(`/api/businesses/${segment(businessId)}/members/${segment(member.userId)}/sign-in-link`, SignInLinkSchema);
    if (json) return printJson(out, answer.raw);
    out.stdout(formatDetails([["Member", `${member.email ?? member.userId} (${member.role})`], ["Link", answer.data.url], ["Expires", formatTime(answer.data.expiresAt, "UTC")]]));
  },
};
