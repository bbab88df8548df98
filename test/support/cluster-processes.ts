import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Every process of a running PostgreSQL cluster: its postmaster (the first line of postmaster.pid)
 * and the postmaster's children (one backend per connection, checkpointer, WAL writer…), read from
 * /proc. Signalling them all is how a test makes the database hang (SIGSTOP: connections stay open
 * and nothing answers) or die (SIGKILL: connections reset, then refused).
 */
export async function clusterProcesses(dataDir: string): Promise<{ postmaster: number; children: number[] }> {
  const postmaster = Number((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  if (!Number.isInteger(postmaster) || postmaster <= 0) throw new Error(`no postmaster pid in ${dataDir}`);
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return { postmaster, children };
}

/**
 * Sends `signal` to every process of the cluster. Except for SIGCONT, the postmaster is stopped
 * first, so that no backend is forked between listing its children and signalling them (under
 * load the pool opens connections all the time): a backend forked at the wrong moment would
 * otherwise survive a SIGKILL, and answer from the dead cluster after it has restarted. Returns
 * the pids signalled.
 */
export async function signalCluster(dataDir: string, signal: NodeJS.Signals): Promise<number[]> {
  const { postmaster } = await clusterProcesses(dataDir);
  if (signal !== "SIGCONT") send(postmaster, "SIGSTOP");
  const { children } = await clusterProcesses(dataDir);
  for (const pid of children) send(pid, signal);
  send(postmaster, signal);
  return [postmaster, ...children];
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already (a backend whose client left).
  }
}
