import { defineConfig } from "vitest/config";

// Secrets for the in-process handlers; each is a fixed test value, never a real one.
const testSecrets = {
  ADMIN_API_KEY: "test-admin-key-0123456789abcdef",
  VAPI_WEBHOOK_SECRET: "test-vapi-secret-0123456789",
  SIGNING_SECRET: "test-signing-secret-0123456789abcdef0123",
  TOKEN_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

// A confidential Cal.com OAuth client (fake values); a test file may change these at its top,
// before lib/env.ts first parses the environment.
const testCalcomClient = {
  CALCOM_CLIENT_ID: "test-calcom-client-id",
  CALCOM_CLIENT_SECRET: "test-calcom-client-secret-0123456789",
  CALCOM_REDIRECT_URI: "https://receptionist.example/api/calcom/oauth",
};

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    env: { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", ...testSecrets, ...testCalcomClient },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
