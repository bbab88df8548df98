import { BusinessViewSchema } from "../../../lib/businesses/business-view.js";
import { segment } from "../api-client.js";
import { businessDetails } from "../business-details.js";
import type { Command } from "../command.js";
import { printJson } from "../print-json.js";

export const businessesShow: Command = {
  name: "businesses show",
  summary: "Show a business with all its settings",
  args: ["<id>"],
  options: {},
  examples: ["businesses show 00000000-0000-4000-8000-000000000001"],
  async run({ args, api, out, json }) {
    const answer = await api().get(`/api/businesses/${segment(args[0] ?? "")}`, BusinessViewSchema);
    if (json) return printJson(out, answer.raw);
    out.stdout(businessDetails(answer.data));
  },
};
