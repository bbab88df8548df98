import { BusinessViewSchema } from "../../../lib/businesses/business-view.js";
import { segment } from "../api-client.js";
import { businessDetails } from "../business-details.js";
import { BUSINESS_OPTIONS, businessFields } from "../business-options.js";
import { usageError } from "../cli-error.js";
import type { Command } from "../command.js";
import { printJson } from "../print-json.js";

export const businessesUpdate: Command = {
  name: "businesses update",
  summary: "Change a business's settings (only the flags given)",
  args: ["<id>"],
  options: {
    ...BUSINESS_OPTIONS,
    active: { type: "string", value: "true|false", description: "false stops the assistant answering (callers are transferred or told the line is closed)" },
    "default-event-type": { type: "string", value: "<id>", description: "the Cal.com event type bookings go to (one of the connected account's)" },
  },
  notes: ['An empty value clears an optional setting: --greeting "" goes back to the default greeting.', "Prints the business as it is now."],
  examples: ["businesses update <id> --active false", 'businesses update <id> --hours "mon-fri 08:00-16:00" --slot-minutes 45'],
  async run({ args, flags, api, out, json }) {
    const body = businessFields(flags);
    const active = flags.booleanWord("active");
    if (active !== undefined) body.active = active;
    if (flags.has("default-event-type")) body.calcomDefaultEventTypeId = flags.integer("default-event-type");
    if (Object.keys(body).length === 0) throw usageError("businesses update: nothing to change", 'Give at least one setting, e.g. --active false. Run "npm run cli -- businesses update --help" for the flags.');
    const answer = await api().patch(`/api/businesses/${segment(args[0] ?? "")}`, BusinessViewSchema, body);
    if (json) return printJson(out, answer.raw);
    out.stdout(businessDetails(answer.data));
  },
};
