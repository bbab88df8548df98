import { BusinessViewSchema, type BusinessView } from "../../../lib/businesses/business-view.js";
import { pageSchemaOf } from "../../../lib/http/page.js";
import { calendarOf } from "../business-details.js";
import type { Command } from "../command.js";
import { formatTable, type Column } from "../format-table.js";
import { formatTime } from "../format-time.js";
import { fetchPages, moreHint, pagingOptions } from "../paging.js";
import { printJson } from "../print-json.js";

const BusinessPageSchema = pageSchemaOf(BusinessViewSchema);

const COLUMNS: Column<BusinessView>[] = [
  { header: "ID", cell: (b) => b.id },
  { header: "NAME", cell: (b) => b.name, max: 32 },
  { header: "PHONE", cell: (b) => b.phoneNumber },
  { header: "TIME ZONE", cell: (b) => b.timezone },
  { header: "CALENDAR", cell: calendarOf },
  { header: "ACTIVE", cell: (b) => (b.active ? "yes" : "no") },
  { header: "CREATED", cell: (b) => formatTime(b.createdAt, b.timezone) },
];

export const businessesList: Command = {
  name: "businesses list",
  summary: "List businesses, newest first, a page at a time",
  options: {
    ...pagingOptions("businesses"),
    active: { type: "string", value: "true|false", description: "only active (true) or inactive (false) businesses" },
    phone: { type: "string", value: "<e164>", description: "only the business with this phone number" },
  },
  notes: ["When more pages follow, stderr says how to get the next one."],
  examples: ["businesses list", "businesses list --all --json"],
  async run({ flags, api, out, json }) {
    const client = api();
    const active = flags.booleanWord("active");
    const query = { active: active === undefined ? undefined : String(active), phoneNumber: flags.string("phone") };
    const pages = await fetchPages((page) => client.get("/api/businesses", BusinessPageSchema, { ...query, ...page }), flags);
    if (json) return printJson(out, pages.raw);
    out.stdout(pages.items.length ? formatTable(COLUMNS, pages.items) : "No businesses.\n");
    out.stderr(moreHint("businesses", "npm run cli -- businesses list", pages.nextCursor));
  },
};
