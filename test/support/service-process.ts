import { spawn } from "node:child_process";
import { cleanEnv, repoRoot } from "./run-command.js";

export interface ServiceProcess {
  output(): string;
  /** Sends the signal to the whole process group (what Ctrl-C in a terminal does) and waits
   *  until every process of the group has closed its output. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `npm start` as an operator would and resolves once it says it is serving. */
export function startService(env: Record<string, string | undefined>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
  const child = spawn("npm", ["start"], { cwd: repoRoot, env: cleanEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const service: ServiceProcess = {
    output: () => output,
    async stop(signal = "SIGINT") {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // The group has already exited.
      }
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void service.stop("SIGKILL");
      reject(new Error(`npm start did not get ready in ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop.")) {
        clearTimeout(timer);
        resolve(service);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new ExitedEarly(code, output));
    });
  });
}

export class ExitedEarly extends Error {
  constructor(readonly code: number | null, readonly output: string) {
    super(`npm start exited with code ${code}:\n${output}`);
  }
}

/** Starts `npm start` expecting it to refuse; returns its exit code and output. */
export async function startServiceExpectingFailure(env: Record<string, string | undefined>): Promise<ExitedEarly> {
  try {
    const service = await startService(env, 30_000);
    await service.stop();
    throw new Error(`npm start was expected to refuse but served:\n${service.output()}`);
  } catch (error) {
    if (error instanceof ExitedEarly) return error;
    throw error;
  }
}
