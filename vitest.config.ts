import { defineConfig } from "vitest/config";

// Secrets for the in-process handlers; each is a fixed test value, never a real one.
const testSecrets = {
  ADMIN_API_KEY: "test-admin-key-0123456789abcdef",
  VAPI_WEBHOOK_SECRET: "test-vapi-secret-0123456789",
  SIGNING_SECRET: "test-signing-secret-0123456789abcdef0123",
  TOKEN_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", ...testSecrets },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
