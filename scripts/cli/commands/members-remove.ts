import { segment } from "../api-client.js";
import { isUserId, listMembers, memberNamed } from "../business-members.js";
import type { Command } from "../command.js";
import { printJson } from "../print-json.js";

export const membersRemove: Command = {
  name: "members remove",
  summary: "Take a member off a business (their user stays)",
  args: ["<businessId>", "<email|userId>"],
  options: {},
  notes: [
    "A session the member holds sees the business no more. The API answers 204 without a body, so",
    '--json prints {"removed": {"businessId", "userId"}}.',
  ],
  examples: ["members remove <businessId> ada@example.com"],
  async run({ args, api, out, json }) {
    const [businessId = "", who = ""] = args;
    const client = api();
    const userId = isUserId(who) ? who : memberNamed((await listMembers(client, businessId)).items, who, businessId).userId;
    await client.delete(`/api/businesses/${segment(businessId)}/members/${segment(userId)}`);
    if (json) return printJson(out, { removed: { businessId, userId } });
    out.stdout(`Removed ${who} from business ${businessId}.\n`);
  },
};
