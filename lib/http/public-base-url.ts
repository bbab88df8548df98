import { env, isProduction, type Env } from "../env.js";
import { ApiError } from "./api-error.js";

/**
 * Where URLs we hand out point (connect links, the assistant's server URL, redirects), from
 * configuration only: PUBLIC_BASE_URL; else the origin of the Cal.com redirect URI (a connect
 * link must start where the OAuth callback arrives: they share a cookie); else Vercel's own
 * production domain (https); else, off production, this machine's port. Never from the Host or
 * X-Forwarded-* headers of a request: whoever sends those would choose where our links go
 * (`javascript://evil.example/…` was once answered that way).
 */
export function publicBaseUrl(config: Env = env()): string {
  const { PUBLIC_BASE_URL, CALCOM_REDIRECT_URI, VERCEL_PROJECT_PRODUCTION_URL, PORT } = config;
  if (PUBLIC_BASE_URL) return PUBLIC_BASE_URL.replace(/\/+$/, "");
  if (CALCOM_REDIRECT_URI) return new URL(CALCOM_REDIRECT_URI).origin;
  if (VERCEL_PROJECT_PRODUCTION_URL) return `https://${VERCEL_PROJECT_PRODUCTION_URL}`;
  if (!isProduction(config)) return `http://localhost:${PORT}`;
  throw new ApiError("unavailable", "PUBLIC_BASE_URL is not set: set it to this service's public https URL (links and the assistant's server URL are built from it, never from request headers)");
}
