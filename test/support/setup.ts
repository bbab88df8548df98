import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { server } from "./msw-server.js";

// Handlers under test read DATABASE_URL through lib/env.ts like in production.
process.env.DATABASE_URL = inject("databaseUrl");

// An unhandled request errors at the caller (msw's "error" strategy), and is also recorded here so
// the test fails even when the code under test catches that error and carries on.
const unhandled: string[] = [];

beforeAll(() =>
  server.listen({
    onUnhandledFrame({ frame, defaults }) {
      const request = (frame.data as { request?: Request } | undefined)?.request;
      unhandled.push(request ? `${request.method} ${request.url}` : String(frame.protocol));
      defaults.error();
    },
  }),
);
afterEach(() => {
  server.resetHandlers();
  const seen = unhandled.splice(0);
  expect(seen, "requests no msw handler answered").toEqual([]);
});
afterAll(() => server.close());
