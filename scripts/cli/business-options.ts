import { usageError } from "./cli-error.js";
import type { OptionSpec } from "./command.js";
import type { Flags } from "./flags.js";
import { parseHoursText } from "./hours-text.js";

/** The settings flags of `businesses create` and `businesses update`. */
export const BUSINESS_OPTIONS: Record<string, OptionSpec> = {
  name: { type: "string", value: "<name>", description: "the business's name" },
  phone: { type: "string", value: "<e164>", description: "the line callers dial, E.164 (+15551234567); unique" },
  timezone: { type: "string", value: "<zone>", description: "IANA time zone, e.g. America/New_York" },
  hours: { type: "string", value: "<hours>", description: '"mon-fri 09:00-17:00, sat 10:00-14:00" (unnamed days closed; "closed" for none) or the JSON object' },
  greeting: { type: "string", value: "<text>", description: "the assistant's first words (default: one naming the business)" },
  "fallback-number": { type: "string", value: "<e164>", description: "where callers are transferred when the line is inactive" },
  "slot-minutes": { type: "string", value: "<n>", description: "appointment length in the built-in calendar, 5-480 (default 30)" },
  "vapi-phone-number-id": { type: "string", value: "<id>", description: "VAPI's id of the phone number; unique" },
  "vapi-assistant-id": { type: "string", value: "<id>", description: "a saved VAPI assistant to answer with instead of the one built from these settings" },
};

/** Flags whose empty value ("") means "none" (null: on update it clears the setting). */
const CLEARABLE: Record<string, string> = {
  greeting: "greeting",
  "fallback-number": "fallbackTransferNumber",
  "vapi-phone-number-id": "vapiPhoneNumberId",
  "vapi-assistant-id": "vapiAssistantId",
};

/** The API body fields the given flags set (only those given). */
export function businessFields(flags: Flags): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (flags.has("name")) body.name = flags.string("name");
  if (flags.has("phone")) body.phoneNumber = flags.string("phone")?.trim();
  if (flags.has("timezone")) body.timezone = flags.string("timezone")?.trim();
  if (flags.has("hours")) body.businessHours = parseHoursText(flags.string("hours") ?? "");
  if (flags.has("slot-minutes")) body.slotMinutes = flags.integer("slot-minutes");
  for (const [flag, field] of Object.entries(CLEARABLE)) {
    if (flags.has(flag)) body[field] = flags.string(flag) === "" ? null : flags.string(flag);
  }
  return body;
}

/** A usage error when required flags are missing, naming them all. */
export function requireFlags(command: string, flags: Flags, names: string[]): void {
  const missing = names.filter((name) => !flags.string(name)?.trim());
  if (missing.length) {
    throw usageError(`${command} needs ${names.map((n) => `--${n}`).join(", ")}; missing: ${missing.map((n) => `--${n}`).join(", ")}`, `Run "npm run cli -- ${command} --help" for its flags.`);
  }
}
