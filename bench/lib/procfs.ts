/** Linux /proc readers: peak resident memory of a process, and the processes below ours. */
import { readdirSync, readFileSync } from "node:fs";

/** A field of /proc/<pid>/status in MiB (VmHWM = peak RSS, VmRSS = current), undefined when gone. */
export function statusMiB(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined; // exited meanwhile
  }
}

/** The fields of /proc/<pid>/stat from "state" (field 3) on, undefined when gone. The line is
 *  "pid (comm) state ppid …" and comm may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** The one-letter state of a process ("R", "S", "Z" for a zombie, …), undefined when gone. */
export function processState(pid: number): string | undefined {
  return statFields(pid)?.[0];
}

/** CPU time (user + system) a process has used so far, in ms; undefined when gone. */
export function cpuMs(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // Fields 14 and 15 of stat (utime, stime) in clock ticks; counted from "state" (field 3) here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux architecture node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

function parentOf(pid: number): number | undefined {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentOf(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface ProcessSample {
  pid: number;
  /** What the process is, from the classifier. */
  label: string;
  command: string;
  /** Peak RSS (VmHWM) seen, MiB. */
  peakMiB: number;
  /** CPU time (user + system) at the last sample, ms. */
  cpuMs: number;
}

/** Samples the descendants of this process that `classify` names (undefined = not of
 *  interest) every `everyMs` until stop(): their peak RSS (the kernel's own high-water mark
 *  VmHWM, so a sample any time before exit holds the true peak up to then) and CPU time. A
 *  process already running when sampling starts (an emulator serving several runs) counts only
 *  the CPU time it uses from then on. */
export class ProcessSampler {
  private readonly seen = new Map<number, ProcessSample>();
  private readonly cpuBefore = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly classify: (command: string) => string | undefined,
    everyMs = 200,
  ) {
    for (const pid of descendants(process.pid)) this.cpuBefore.set(pid, cpuMs(pid) ?? 0);
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    for (const pid of descendants(process.pid)) {
      // Read again each time: a process first seen between fork and exec (or while a launcher
      // script runs) shows another command line than the program it becomes; what it was before
      // the exec is dropped (the exec replaced its memory, and it used next to no CPU).
      const command = commandLine(pid) || this.seen.get(pid)?.command || "";
      const label = this.classify(command);
      if (label === undefined) continue;
      const before = this.seen.get(pid);
      const known = before?.command === command ? before : undefined;
      const hwm = statusMiB(pid, "VmHWM");
      const total = cpuMs(pid);
      if (hwm === undefined || total === undefined) continue;
      const cpu = total - (this.cpuBefore.get(pid) ?? 0);
      this.seen.set(pid, { pid, label, command, peakMiB: Math.max(hwm, known?.peakMiB ?? 0), cpuMs: Math.max(cpu, known?.cpuMs ?? 0) });
    }
  }

  stop(): ProcessSample[] {
    this.sample();
    clearInterval(this.timer);
    return [...this.seen.values()];
  }
}
