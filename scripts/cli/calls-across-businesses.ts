import { BusinessViewSchema, type BusinessView } from "../../lib/businesses/business-view.js";
import { CallViewSchema, type CallView } from "../../lib/calls/call-view.js";
import { MAX_PAGE_SIZE, pageSchemaOf } from "../../lib/http/page.js";
import { segment, type ApiClient, type Query } from "./api-client.js";
import { mapConcurrently } from "./map-concurrently.js";
import { rawItemsOf } from "./paging.js";

const BusinessPageSchema = pageSchemaOf(BusinessViewSchema);
const CallPageSchema = pageSchemaOf(CallViewSchema);

export interface CallOfBusiness {
  call: CallView;
  business: BusinessView;
  /** The call as the server sent it (what --json prints). */
  raw: unknown;
}

/** Requests to different businesses at once: enough to hide latency, few enough for a small server. */
const CONCURRENCY = 4;

/**
 * The newest `limit` calls of all businesses: the API lists calls per business, so this walks
 * every page of businesses, takes each one's first `limit` calls (newest first, with the same
 * filters), and merges them newest first, the order the API uses (the call's start, or when we
 * first heard of it, then id).
 */
export async function callsAcrossBusinesses(api: ApiClient, filters: Query, limit: number): Promise<CallOfBusiness[]> {
  const businesses: BusinessView[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await api.get("/api/businesses", BusinessPageSchema, { limit: MAX_PAGE_SIZE, cursor });
    businesses.push(...page.data.items);
    seen.add(cursor ?? "");
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor && !seen.has(cursor));

  const perBusiness = await mapConcurrently(businesses, CONCURRENCY, async (business) => {
    const page = await api.get(`/api/businesses/${segment(business.id)}/calls`, CallPageSchema, { ...filters, limit });
    const raws = rawItemsOf(page.raw);
    return page.data.items.map((call, i): CallOfBusiness => ({ call, business, raw: raws[i] }));
  });
  return perBusiness
    .flat()
    .sort((a, b) => compareNewestFirst(a.call, b.call))
    .slice(0, limit);
}

function compareNewestFirst(a: CallView, b: CallView): number {
  const at = (call: CallView) => Date.parse(call.startedAt ?? call.createdAt);
  return at(b) - at(a) || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
}
