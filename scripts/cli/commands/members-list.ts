import type { BusinessMemberView } from "../../../lib/members/business-member-view.js";
import { listMembers } from "../business-members.js";
import type { Command } from "../command.js";
import { formatTable, type Column } from "../format-table.js";
import { formatTime } from "../format-time.js";
import { printJson } from "../print-json.js";

const COLUMNS: Column<BusinessMemberView>[] = [
  { header: "EMAIL", cell: (m) => m.email, max: 40 },
  { header: "ROLE", cell: (m) => m.role },
  { header: "USER", cell: (m) => m.userId },
  { header: "ADDED", cell: (m) => formatTime(m.addedAt, "UTC") },
];

export const membersList: Command = {
  name: "members list",
  summary: "List who may sign in to a business's dashboard, owners first",
  args: ["<businessId>"],
  options: {},
  notes: ["Owners read everything and edit the settings and calendar; staff read only."],
  examples: ["members list 00000000-0000-4000-8000-000000000001"],
  async run({ args, api, out, json }) {
    const members = await listMembers(api(), args[0] ?? "");
    if (json) return printJson(out, members.raw);
    out.stdout(members.items.length ? formatTable(COLUMNS, members.items) : "No members.\n");
  },
};
