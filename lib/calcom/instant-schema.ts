import { z } from "zod";

/** An ISO 8601 date-time with `Z` or an offset, as Cal.com writes times; parsed to a Date. */
export const InstantSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
