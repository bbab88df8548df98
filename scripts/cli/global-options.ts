import type { OptionSpec } from "./command.js";

/** Flags every command takes, anywhere on the line. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: "string", value: "<url>", description: "the server (default: RECEPTIONIST_URL, else http://localhost:3000)" },
  key: { type: "string", value: "<key>", description: "the admin key (default: ADMIN_API_KEY, else, for a server on this machine, the key npm start keeps in LOCAL_SECRETS_FILE)" },
  json: { type: "boolean", description: "print the API's JSON answer and nothing else on stdout" },
  help: { type: "boolean", short: "h", description: "show help" },
};
