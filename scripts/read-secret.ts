import { secretFromEnvironment } from "../lib/env.js";

/** A secret a command-line script needs (from the environment, else from the file npm start keeps
 *  its generated secrets in), or a clear stop naming it. */
export function readSecret(name: "VAPI_WEBHOOK_SECRET" | "ADMIN_API_KEY", hint: string): string {
  const value = secretFromEnvironment(name);
  if (!value) throw new Error(`${name} is not set: export ${name}=<${hint}> and run again`);
  return value;
}
