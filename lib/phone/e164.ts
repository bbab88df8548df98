import { z } from "zod";

/** E.164: a plus, a non-zero country digit, at most 15 digits in all (the database checks the same). */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

export const E164Schema = z.string().regex(E164_PATTERN, "must be an E.164 phone number such as +15551234567");
