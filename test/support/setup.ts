import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { server } from "./msw-server.js";

// Handlers under test read DATABASE_URL through lib/env.ts like in production.
process.env.DATABASE_URL = inject("databaseUrl");

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
