import { CallViewSchema, type CallView } from "../../../lib/calls/call-view.js";
import { pageSchemaOf } from "../../../lib/http/page.js";
import { segment } from "../api-client.js";
import { bookingSummary } from "../booking-columns.js";
import { callsAcrossBusinesses } from "../calls-across-businesses.js";
import { usageError } from "../cli-error.js";
import type { Command } from "../command.js";
import { formatTable, type Column } from "../format-table.js";
import { formatDuration, formatTime } from "../format-time.js";
import { getBusiness } from "../get-business.js";
import { fetchPages, moreHint, pagingOptions } from "../paging.js";
import { printJson } from "../print-json.js";

const CallPageSchema = pageSchemaOf(CallViewSchema);
const DEFAULT_LIMIT = 50;

interface Row {
  call: CallView;
  businessName: string;
  zone: string;
}

function columns(withBusiness: boolean): Column<Row>[] {
  return [
    { header: "CALL", cell: (r) => r.call.id },
    ...(withBusiness ? [{ header: "BUSINESS", cell: (r: Row) => r.businessName, max: 28 }] : []),
    { header: "STARTED", cell: (r) => formatTime(r.call.startedAt ?? r.call.createdAt, r.zone) },
    { header: "STATUS", cell: (r) => r.call.status },
    { header: "CALLER", cell: (r) => r.call.customerNumber },
    { header: "LENGTH", cell: (r) => formatDuration(r.call.durationSeconds), align: "right" },
    { header: "BOOKING", cell: (r) => bookingSummary(r.call.bookings, r.zone) },
    { header: "SUMMARY", cell: (r) => r.call.summary, max: 40 },
  ];
}

export const callsList: Command = {
  name: "calls list",
  summary: "List calls, newest first, with the booking each one made",
  options: {
    business: { type: "string", value: "<id>", description: "only this business's calls (default: every business's)" },
    from: { type: "string", value: "<date|time>", description: "from this local day (YYYY-MM-DD, the business's) or instant with offset, inclusive" },
    to: { type: "string", value: "<date|time>", description: "to this local day (included) or instant with offset (excluded)" },
    status: { type: "string", value: "<status>", description: "only calls in this status (queued, ringing, in-progress, forwarding, ended, …)" },
    ...pagingOptions("calls"),
  },
  notes: [
    "Without --business it lists every business's calls: it reads the businesses, then each one's",
    "newest calls, and shows the newest --limit of them (default 50) with a BUSINESS column; --cursor",
    "and --all need --business, and --json then prints {\"items\": [...]} (calls as the API gives them).",
    "STARTED is when the call started (or was first heard of), BOOKING the first booking made on it,",
    "both in the business's time zone.",
  ],
  examples: ["calls list", "calls list --business <id> --from 2026-03-01 --to 2026-03-31 --status ended"],
  async run({ flags, api, out, json }) {
    const client = api();
    const filters = { from: flags.string("from"), to: flags.string("to"), status: flags.string("status") };
    const businessId = flags.string("business");
    if (businessId === undefined) {
      if (flags.has("cursor") || flags.boolean("all")) throw usageError("calls list: --cursor and --all need --business", "Across businesses, --limit caps the list (default 50).");
      const calls = await callsAcrossBusinesses(client, filters, flags.integer("limit") ?? DEFAULT_LIMIT);
      if (json) return printJson(out, { items: calls.map((c) => c.raw) });
      const rows = calls.map(({ call, business }) => ({ call, businessName: business.name, zone: business.timezone }));
      out.stdout(rows.length ? formatTable(columns(true), rows) : "No calls.\n");
      return;
    }
    const business = json ? undefined : await getBusiness(client, businessId);
    const pages = await fetchPages((page) => client.get(`/api/businesses/${segment(businessId)}/calls`, CallPageSchema, { ...filters, ...page }), flags);
    if (json || !business) return printJson(out, pages.raw);
    const rows = pages.items.map((call) => ({ call, businessName: business.name, zone: business.timezone }));
    out.stdout(rows.length ? formatTable(columns(false), rows) : `No calls for ${business.name}.\n`);
    out.stderr(moreHint("calls", `npm run cli -- calls list --business ${businessId}`, pages.nextCursor));
  },
};
