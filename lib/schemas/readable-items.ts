import { z } from "zod";
import { optionalField } from "./optional-field.js";

/**
 * A partner's list whose items we read one by one: an item we cannot read (an event type of a
 * shape we do not know, a booking without a uid) is left out, never the whole list. Something
 * that is not a list at all still fails: reading it as "no items" would mislead.
 */
export function readableItems<T extends z.ZodType>(item: T) {
  return z.array(z.unknown()).transform((items): z.output<T>[] =>
    items.flatMap((value) => {
      const parsed = item.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    }),
  );
}

/** A list inside a message that we can do without (attendees, booking fields, transcript lines):
 *  read item by item as readableItems, and absent or not a list, no items. */
export function optionalItems<T extends z.ZodType>(item: T) {
  return optionalField(readableItems(item)).transform((items) => items ?? []);
}
