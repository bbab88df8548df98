import { signVapiBody } from "../../lib/vapi/verify-vapi-request.js";

/** The fixed webhook secret of vitest.config.ts. */
export const VAPI_SECRET = "test-vapi-secret-0123456789";

export type VapiAuth = "secret" | "bearer" | "hmac" | "none" | { headers: Record<string, string> };

/** A POST to the webhook exactly as VAPI sends it, authenticated the chosen way. */
export function vapiRequest(payload: unknown, auth: VapiAuth = "hmac", rawBody?: string): Request {
  const body = rawBody ?? JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth === "secret") headers["x-vapi-secret"] = VAPI_SECRET;
  else if (auth === "bearer") headers.authorization = `Bearer ${VAPI_SECRET}`;
  else if (auth === "hmac") Object.assign(headers, signVapiBody(body, VAPI_SECRET, String(Math.floor(Date.now() / 1000))));
  else if (auth !== "none") Object.assign(headers, auth.headers);
  return new Request("https://receptionist.example/api/vapi-webhook", { method: "POST", headers, body });
}
