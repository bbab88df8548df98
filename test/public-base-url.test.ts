import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/http/api-error.js";
import { parseEnv, type Env } from "../lib/env.js";
import { publicBaseUrl } from "../lib/http/public-base-url.js";

const secrets = {
  ADMIN_API_KEY: "test-admin-key-0123456789abcdef",
  VAPI_WEBHOOK_SECRET: "test-vapi-secret-0123456789",
  SIGNING_SECRET: "test-signing-secret-0123456789abcdef0123",
  TOKEN_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};
const production = { ...secrets, NODE_ENV: "production", DATABASE_URL: "postgres://app@db.example:5432/postgres" };
const config = (source: Record<string, string>): Env => parseEnv(source);

describe("publicBaseUrl (every URL we hand out starts here)", () => {
  it("is PUBLIC_BASE_URL first, without a trailing slash", () => {
    expect(publicBaseUrl(config({ ...production, PUBLIC_BASE_URL: "https://receptionist.example/", VERCEL_PROJECT_PRODUCTION_URL: "other.vercel.app" }))).toBe("https://receptionist.example");
  });

  it("is the Cal.com redirect URI's origin next (the connect link and the callback share a cookie)", () => {
    expect(publicBaseUrl(config({ ...production, CALCOM_REDIRECT_URI: "https://calendar.example/api/calcom/oauth", VERCEL_PROJECT_PRODUCTION_URL: "other.vercel.app" }))).toBe("https://calendar.example");
  });

  it("is Vercel's production domain over https on a deployment with neither", () => {
    expect(publicBaseUrl(config({ ...production, VERCEL: "1", VERCEL_PROJECT_PRODUCTION_URL: "receptionist.vercel.app" }))).toBe("https://receptionist.vercel.app");
  });

  it("is this machine's port off production", () => {
    expect(publicBaseUrl(config({ ...secrets, NODE_ENV: "development", PORT: "4123" }))).toBe("http://localhost:4123");
  });

  it("is a clear error naming PUBLIC_BASE_URL in production with nothing configured", () => {
    const attempt = () => publicBaseUrl(config(production));
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow(/PUBLIC_BASE_URL is not set/);
  });

  it("refuses a VERCEL_PROJECT_PRODUCTION_URL that is not a host name", () => {
    expect(() => config({ ...production, VERCEL_PROJECT_PRODUCTION_URL: "javascript://evil.example" })).toThrow(/VERCEL_PROJECT_PRODUCTION_URL: must be a host name/);
  });

  it("refuses at start a VAPI credential id in production with no URL to name it with", () => {
    expect(() => config({ ...production, VAPI_SERVER_CREDENTIAL_ID: "cred-1" })).toThrow(/PUBLIC_BASE_URL: is required in production when VAPI_SERVER_CREDENTIAL_ID is set/);
    expect(() => config({ ...production, VAPI_SERVER_CREDENTIAL_ID: "cred-1", VERCEL_PROJECT_PRODUCTION_URL: "receptionist.vercel.app" })).not.toThrow();
  });
});
