/** The descendants of a process (Linux /proc), to kill a CLI run the way a crash would: the CLI
 *  and every plugin it started, at once, with no chance to clean up. */
import { descendants, processState } from "../../bench/lib/procfs";

/** `root` and all its descendants, parents before children. */
function processTree(root: number): number[] {
  return [root, ...descendants(root)];
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // already gone
  }
}

/** SIGKILLs `root` and its descendants; returns the pids that were signalled. The tree is frozen
 *  (SIGSTOP) first, so no process can start a child that escapes between the scan and the kill. */
export function killTree(root: number): number[] {
  const frozen = new Set<number>();
  for (let pass = 0; pass < 3; pass++) {
    for (const pid of processTree(root)) if (!frozen.has(pid) && signal(pid, "SIGSTOP")) frozen.add(pid);
  }
  return [...frozen].filter((pid) => signal(pid, "SIGKILL"));
}

/** Whether `pid` still runs. A killed child of a killed parent stays a zombie ("Z") until
 *  init reaps it: it no longer runs, and counts as dead here. */
export function isAlive(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== "Z";
}

/** The pids of `pids` still running after up to `ms`: SIGKILL is asynchronous, a process can take
 *  a moment to go. */
export async function survivors(pids: number[], ms = 5000): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}
