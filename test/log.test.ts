import { afterEach, describe, expect, it, vi } from "vitest";
import { DbError } from "../lib/db/db-errors.js";
import { log } from "../lib/log.js";

afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = "silent";
});

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("log", () => {
  it("writes one JSON line per event with the error's cause chain and driver code", () => {
    process.env.LOG_LEVEL = "info";
    const lines = captureStderr();
    const driverError = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    log.error("request_failed", { requestId: "r-1", error: new DbError("unavailable", "the database is unavailable", { cause: driverError }) });

    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    const entry = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "error",
      event: "request_failed",
      requestId: "r-1",
      error: { name: "DbError", message: "the database is unavailable", cause: { message: "connect ECONNREFUSED 127.0.0.1:5432", code: "ECONNREFUSED" } },
    });
  });

  it("stays quiet below the configured level", () => {
    process.env.LOG_LEVEL = "error";
    const lines = captureStderr();
    log.warn("something_odd");
    expect(lines).toEqual([]);
  });
});
