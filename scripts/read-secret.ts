import { secretFromEnvironment } from "../lib/env.js";
import { isLoopback } from "./is-loopback.js";

/**
 * A secret a command-line script needs: from the environment, else (for a server on this machine
 * only, so a local key never travels elsewhere) from the file npm start keeps its generated
 * secrets in. Otherwise a clear stop naming it.
 */
export function readSecret(name: "VAPI_WEBHOOK_SECRET" | "ADMIN_API_KEY", hint: string, serverUrl: string): string {
  const value = secretFromEnvironment(name, undefined, { localFile: isLoopback(serverUrl) });
  if (!value) throw new Error(`${name} is not set: export ${name}=<${hint}> and run again`);
  return value;
}
