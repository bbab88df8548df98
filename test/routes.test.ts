import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readRouteTable } from "../scripts/local-server/route-table.js";
import { repoRoot } from "./support/run-command.js";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const routes = await readRouteTable(path.join(repoRoot, "api"));

describe("api/ route files", () => {
  it("exist", () => {
    expect(routes.map((r) => r.segments.join("/"))).toContain("health");
  });

  it.each(routes.map((r) => [path.relative(repoRoot, r.file), r.file]))(
    "%s exports only Web-standard method handlers, as Vercel runs them",
    async (_name, file) => {
      const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const exported = Object.keys(loaded);
      expect(exported.length).toBeGreaterThan(0);
      for (const name of exported) {
        expect(METHODS.has(name), `unexpected export ${name}`).toBe(true);
        expect(typeof loaded[name]).toBe("function");
      }
    },
  );
});
