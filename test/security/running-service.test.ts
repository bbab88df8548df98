import { describe, expect, it } from "vitest";
import { runningServiceForFile } from "../support/running-service.js";

const service = runningServiceForFile();

describe("the security suite's service", () => {
  it("is npm start on the test database, answering on its own port", async () => {
    const response = await fetch(`${service.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
    expect(service.output()).toContain("Press Ctrl-C to stop.");
  });
});
