import { BookingViewSchema } from "../../../lib/bookings/booking-view.js";
import { pageSchemaOf } from "../../../lib/http/page.js";
import { segment } from "../api-client.js";
import { bookingColumns } from "../booking-columns.js";
import { usageError } from "../cli-error.js";
import type { Command } from "../command.js";
import { formatTable } from "../format-table.js";
import { getBusiness } from "../get-business.js";
import { fetchPages, moreHint, pagingOptions } from "../paging.js";
import { printJson } from "../print-json.js";

const BookingPageSchema = pageSchemaOf(BookingViewSchema);

export const bookingsList: Command = {
  name: "bookings list",
  summary: "List a business's bookings by appointment time (both calendars)",
  options: {
    business: { type: "string", value: "<id>", description: "the business (required)" },
    from: { type: "string", value: "<date|time>", description: "appointments from this local day (YYYY-MM-DD) or instant with offset, inclusive" },
    to: { type: "string", value: "<date|time>", description: "to this local day (included) or instant with offset (excluded)" },
    status: { type: "string", value: "<status>", description: "only pending, confirmed, cancelled or rescheduled bookings" },
    phone: { type: "string", value: "<e164>", description: "only this caller's bookings" },
    call: { type: "string", value: "<callId>", description: "only bookings made on this call" },
    ...pagingOptions("bookings"),
  },
  notes: ["WHEN is the appointment's start in the business's time zone."],
  examples: ["bookings list --business <id> --from 2026-03-01 --status confirmed"],
  async run({ flags, api, out, json }) {
    const businessId = flags.string("business");
    if (!businessId) throw usageError("bookings list needs --business <id>", "List the businesses with: npm run cli -- businesses list");
    const client = api();
    const query = { from: flags.string("from"), to: flags.string("to"), status: flags.string("status"), phone: flags.string("phone"), callId: flags.string("call") };
    const business = json ? undefined : await getBusiness(client, businessId);
    const pages = await fetchPages((page) => client.get(`/api/businesses/${segment(businessId)}/bookings`, BookingPageSchema, { ...query, ...page }), flags);
    if (json || !business) return printJson(out, pages.raw);
    out.stdout(pages.items.length ? formatTable(bookingColumns(business.timezone), pages.items) : `No bookings for ${business.name}.\n`);
    out.stderr(moreHint("bookings", `npm run cli -- bookings list --business ${businessId}`, pages.nextCursor));
  },
};
