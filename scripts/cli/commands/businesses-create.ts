import { BusinessViewSchema } from "../../../lib/businesses/business-view.js";
import { businessDetails } from "../business-details.js";
import { BUSINESS_OPTIONS, businessFields, requireFlags } from "../business-options.js";
import type { Command } from "../command.js";
import { printJson } from "../print-json.js";

export const businessesCreate: Command = {
  name: "businesses create",
  summary: "Create a business (its phone number must be free)",
  options: BUSINESS_OPTIONS,
  notes: [
    "--name, --phone and --timezone are required. Prints the new business; a phone number or VAPI",
    "phone number id another business has is refused (exit 5) with the server's message.",
  ],
  examples: ['businesses create --name "Oak Street Salon" --phone +15551230000 --timezone America/Chicago --hours "tue-sat 10:00-18:00"'],
  async run({ flags, api, out, json }) {
    requireFlags("businesses create", flags, ["name", "phone", "timezone"]);
    const answer = await api().post("/api/businesses", BusinessViewSchema, businessFields(flags));
    if (json) return printJson(out, answer.raw);
    out.stdout(businessDetails(answer.data));
  },
};
