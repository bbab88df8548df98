import { z } from "zod";

/** E.164: a plus, a non-zero country digit, at most 15 digits in all (the database checks the same). */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

export const E164Schema = z.string().regex(E164_PATTERN, "must be an E.164 phone number such as +15551234567");

/** An E.164 number in a query string, where an unencoded "+" arrives as a space (`?phone=+1555…`
 *  from a shell): a leading space before the digits is read as the plus it was. */
export const E164QueryParamSchema = z
  .string()
  .transform((value) => value.replace(/^ (?=[1-9])/, "+"))
  .pipe(E164Schema);
