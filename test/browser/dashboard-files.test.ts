import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-command.js";

const dashboard = path.join(repoRoot, "public", "dashboard");

/** The dashboard's own files (the vendored bundle aside), by path under public/dashboard/. */
async function ownFiles(extension: string): Promise<Map<string, string>> {
  const names = (await readdir(dashboard, { recursive: true })).filter((name) => name.endsWith(extension) && !name.startsWith("vendor"));
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dashboard, name), "utf8")] as const)));
}

describe("the dashboard's files", () => {
  it("vendor supabase-js exactly as the installed package ships it (update both together)", async () => {
    const vendored = await readFile(path.join(dashboard, "vendor", "supabase.js"));
    const installed = await readFile(path.join(repoRoot, "node_modules", "@supabase", "supabase-js", "dist", "umd", "supabase.js"));
    expect(vendored.equals(installed), "public/dashboard/vendor/supabase.js differs from node_modules/@supabase/supabase-js/dist/umd/supabase.js: copy it again").toBe(true);
  });

  it("load only same-origin files: no inline script or style, no handler attributes, the CSP's 'self' is enough", async () => {
    const html = await readFile(path.join(dashboard, "index.html"), "utf8");
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    // Every <script> has a src of ours and no body.
    for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attributes).toMatch(/\ssrc="\/dashboard\/[\w/.-]+\.js"/);
      expect(body?.trim()).toBe("");
    }
    for (const [, href] of html.matchAll(/<link [^>]*href="([^"]+)"/g)) expect(href).toMatch(/^\/dashboard\//);
  });

  it("never hand data to the HTML parser and import only files that exist", async () => {
    const modules = await ownFiles(".js");
    expect([...modules.keys()].sort()).toContain("app.js");
    for (const [name, source] of modules) {
      expect(source, name).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
      for (const [, specifier] of source.matchAll(/^import [^;]*? from "([^"]+)";/gm)) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(/^\.\.?\/.+\.js$/);
        const target = path.join(dashboard, path.dirname(name), specifier ?? "");
        expect(modules.has(path.relative(dashboard, target)), `${name} imports ${specifier}, which is not there`).toBe(true);
      }
    }
  });
});
