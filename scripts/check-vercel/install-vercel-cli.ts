import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * The Vercel CLI this check runs. Pinned: 64.0.2 depends on sandbox@4.4.0, a version the npm
 * registry these machines use does not have, so the override takes 4.5.0 (the release after it);
 * `vercel build` never loads it. Change both together, and run the check, when Vercel ships a new
 * CLI.
 */
export const VERCEL_CLI = { version: "64.0.2", overrides: { sandbox: "4.5.0" } } as const;

/** Where the CLI is installed: a cache folder of this user's, outside the project (the CLI and
 *  its ~290 packages are no dependency of ours and must not enter package-lock.json). */
export function vercelCliDir(): string {
  return path.join(os.homedir(), ".cache", "ai-receptionist", `vercel-cli-${VERCEL_CLI.version}`);
}

/** Installs the pinned CLI into its cache folder unless it is there already; returns its bin. */
export async function installVercelCli(log: (line: string) => void): Promise<string> {
  const dir = vercelCliDir();
  const bin = path.join(dir, "node_modules", ".bin", "vercel");
  // Written only once npm install has finished: an install cut short is done again.
  const marker = path.join(dir, "installed");
  const installed = await readFile(marker, "utf8").then((text) => text.trim(), () => undefined);
  if (installed === VERCEL_CLI.version) {
    log(`Vercel CLI ${installed} from ${dir}`);
    return bin;
  }
  log(`Installing Vercel CLI ${VERCEL_CLI.version} into ${dir} (once; about a minute) …`);
  await mkdir(dir, { recursive: true });
  const manifest = { name: "vercel-cli-cache", private: true, dependencies: { vercel: VERCEL_CLI.version }, overrides: VERCEL_CLI.overrides };
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await runQuietly("npm", ["install", "--no-audit", "--no-fund", "--omit=dev"], dir);
  await writeFile(marker, `${VERCEL_CLI.version}\n`);
  return bin;
}

/** Runs a command to completion; its output is shown only when it fails. */
export function runQuietly(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}
