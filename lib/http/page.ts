import { z } from "zod";
import { refuseUnstorableTime } from "../scheduling/unstorable-time.js";
import { ApiError } from "./api-error.js";

/** The most items one page holds, whatever the client asks for (the SQL caps it too). */
export const MAX_PAGE_SIZE = 200;

/** Every list takes these two query parameters. Pages follow each other by a cursor (keyset
 *  pagination), so rows added while a client pages through neither repeat nor go missing. */
export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(50)
    .describe(`How many items one page holds: 1 to ${MAX_PAGE_SIZE}, 50 when left out.`),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe("The nextCursor of the previous page, unchanged; leave it out for the first page. Send the same filters with it."),
});

/** `{"items": [...], "nextCursor": "…" | null}`: the shape of every list. */
export function pageSchemaOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
  });
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** Where a page ends: the sort value of its last row, as the database wrote it, and its id. */
export interface Keyset {
  at: string;
  id: string;
}

// The database wrote the position; a cursor made up by hand may hold one it cannot read back.
const CursorSchema = z.tuple([z.string(), z.iso.datetime({ offset: true }).superRefine(refuseUnstorableTime), z.uuid()]);

/**
 * The page from rows fetched with one row more than `limit` (its presence says another page
 * follows). The cursor names its list (`scope`, e.g. one business's calls), so one list's cursor
 * cannot be replayed against another; it is opaque to clients but not secret.
 */
export function toPage<Row, Item>(rows: Row[], limit: number, scope: string, keyOf: (row: Row) => Keyset, view: (row: Row) => Item): Page<Item> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(scope, keyOf(last)) : null;
  return { items: shown.map(view), nextCursor };
}

function encodeCursor(scope: string, key: Keyset): string {
  return Buffer.from(JSON.stringify([scope, key.at, key.id]), "utf8").toString("base64url");
}

/** The position a cursor stands for; a cursor that is not one of this list's is a 400. */
export function decodeCursor(scope: string, cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success || parsed.data[0] !== scope) {
    throw new ApiError("bad_request", "cursor: not a cursor of this list; pass the previous page's nextCursor unchanged, or leave it out to start again");
  }
  return { at: parsed.data[1], id: parsed.data[2] };
}
