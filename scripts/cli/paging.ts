import type { ApiAnswer } from "./api-client.js";
import type { OptionSpec } from "./command.js";
import type { Flags } from "./flags.js";

/** --limit, --cursor and --all, as every list command takes them. */
export function pagingOptions(items: string): Record<string, OptionSpec> {
  return {
    limit: { type: "string", value: "<n>", description: `${items} per page, 1-200 (default 50)` },
    cursor: { type: "string", value: "<cursor>", description: "start at this page (the nextCursor a previous page gave)" },
    all: { type: "boolean", description: "follow nextCursor to the last page" },
  };
}

export interface Pages<Item> {
  items: Item[];
  /** The items as the server sent them: one page's answer, or with --all {items: [...every page's], nextCursor: null}. */
  raw: unknown;
  nextCursor: string | null;
}

/**
 * One page, or with --all every page from --cursor on, following nextCursor. A server that hands
 * back a cursor it has already given would loop forever; that stops the walk instead.
 */
export async function fetchPages<Item>(
  fetchPage: (query: { limit?: number; cursor?: string }) => Promise<ApiAnswer<{ items: Item[]; nextCursor: string | null }>>,
  flags: Flags,
): Promise<Pages<Item>> {
  const limit = flags.integer("limit");
  let cursor = flags.string("cursor");
  const first = await fetchPage({ limit, cursor });
  if (!flags.boolean("all")) return { items: first.data.items, raw: first.raw, nextCursor: first.data.nextCursor };
  const items = [...first.data.items];
  const rawItems = [...rawItemsOf(first.raw)];
  const seen = new Set<string>();
  for (let next = first.data.nextCursor; next && !seen.has(next); ) {
    seen.add(next);
    cursor = next;
    const page = await fetchPage({ limit, cursor });
    items.push(...page.data.items);
    rawItems.push(...rawItemsOf(page.raw));
    next = page.data.nextCursor;
  }
  return { items, raw: { items: rawItems, nextCursor: null }, nextCursor: null };
}

/** The items array of a page answer that has passed its schema. */
export function rawItemsOf(raw: unknown): unknown[] {
  const items = raw && typeof raw === "object" && "items" in raw ? raw.items : undefined;
  return Array.isArray(items) ? items : [];
}

/** Where the next page starts, on stderr so stdout stays the table. */
export function moreHint(what: string, command: string, nextCursor: string | null): string {
  return nextCursor ? `More ${what}: ${command} --cursor ${nextCursor} (or --all for every page)\n` : "";
}
