import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root. When we are root (CI, containers) the server runs as the OS
 *  user `postgres`, created here when the machine has none. Returns undefined when not root. */
export async function postgresOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookup("postgres");
  if (existing) return existing;
  await run("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
  const created = await lookup("postgres");
  if (!created) throw new Error("could not create the OS user postgres to run the embedded database");
  return created;
}

/** Whether `user` may search (directory) or execute (file) `target`, every parent included:
 *  asked of the system as that user, since root's view of permissions says nothing about it. */
export function canUse(target: string, user: OsUser): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("test", ["-x", target], { ...user, stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}

async function lookup(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
