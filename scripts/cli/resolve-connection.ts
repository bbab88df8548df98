import { DEFAULT_RECEPTIONIST_URL, localSecretsFile, receptionistUrl, secretFromEnvironment } from "../../lib/env.js";
import { isLoopback } from "../is-loopback.js";
import { usageError } from "./cli-error.js";

export type CliEnv = Record<string, string | undefined>;

/**
 * Where the server is and the key to show it: --url, else RECEPTIONIST_URL, else the local
 * server; --key, else ADMIN_API_KEY, else, for a server on this machine, the key `npm start`
 * keeps in its local secrets file (as `npm run simulate` finds its webhook secret). A local key
 * is never sent to another host.
 */
export function resolveConnection(flags: { url?: string; key?: string }, env: CliEnv): { baseUrl: string; key: string } {
  const baseUrl = flags.url || receptionistUrl(env);
  if (!isHttpUrl(baseUrl)) {
    throw usageError(`${flags.url ? "--url" : "RECEPTIONIST_URL"}: must be an http(s) URL such as ${DEFAULT_RECEPTIONIST_URL}, not ${JSON.stringify(baseUrl)}`);
  }
  const local = isLoopback(baseUrl);
  let key = flags.key;
  if (!key) {
    try {
      key = secretFromEnvironment("ADMIN_API_KEY", env, { localFile: local });
    } catch (error) {
      throw usageError(error instanceof Error ? error.message : String(error));
    }
  }
  if (!key) {
    throw usageError(
      "no admin key: pass --key <key> or set ADMIN_API_KEY",
      local
        ? `npm start on this machine keeps the key it generated in ${localSecretsFile(env)}; the CLI reads it from there when it runs from the same folder.`
        : `The key npm start keeps in ${localSecretsFile(env)} is only used for a server on this machine, not ${new URL(baseUrl).host}.`,
    );
  }
  return { baseUrl, key };
}


function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
