import { ConnectLinkSchema } from "../../../lib/connections/create-connect-link.js";
import { segment } from "../api-client.js";
import type { Command } from "../command.js";
import { formatDetails } from "../format-details.js";
import { formatTime } from "../format-time.js";
import { printJson } from "../print-json.js";

export const connectLink: Command = {
  name: "connect-link",
  summary: "Make a signed link for a business's owner to connect Cal.com (valid 7 days)",
  args: ["<businessId>"],
  options: {},
  notes: ["Send the link to the owner: it opens Cal.com's consent page and connects once."],
  async run({ args, api, out, json }) {
    const answer = await api().post(`/api/businesses/${segment(args[0] ?? "")}/connect-link`, ConnectLinkSchema);
    if (json) return printJson(out, answer.raw);
    out.stdout(formatDetails([["Link", answer.data.url], ["Expires", formatTime(answer.data.expiresAt, "UTC")]]));
  },
};
