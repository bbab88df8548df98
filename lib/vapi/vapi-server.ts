import { env } from "../env.js";
import { publicBaseUrl } from "../http/public-base-url.js";

/** Where VAPI posts a transient assistant's messages, and how it authenticates them. */
export interface VapiServer {
  url: string;
  /** A credential saved in VAPI (the secret stays there); never the secret itself. */
  credentialId: string;
  timeoutSeconds: number;
}

/**
 * The `server` a transient assistant (and its tools) names, or undefined for none. An answer never
 * carries the webhook secret: anyone who replays one signed assistant-request, or reads VAPI's logs
 * of our answers, would have the key that forges webhooks for every business. Without
 * VAPI_SERVER_CREDENTIAL_ID the assistant names no server and VAPI sends the call's messages to the
 * phone number's server with the credential saved there, as assistant-request itself arrived.
 */
export function vapiServer(): VapiServer | undefined {
  const { VAPI_SERVER_CREDENTIAL_ID } = env();
  if (!VAPI_SERVER_CREDENTIAL_ID) return undefined;
  return { url: `${publicBaseUrl()}/api/vapi-webhook`, credentialId: VAPI_SERVER_CREDENTIAL_ID, timeoutSeconds: 20 };
}
