/** The least wall time an operation on N resources can take under the API's flow control and the
 *  engine's --parallel, whatever the provider does: a small discrete-event simulation.
 *
 *  Each resource is a chain of stages (an instance's create, then its disk's); a stage starts when
 *  the one before it has finished, an engine worker is free (the engine runs at most --parallel
 *  steps at once, and a step holds its worker until the provider answers), and its action's token
 *  bucket allows the call (the client's limiter: `burst` at once, then `rate` per second); it then
 *  holds the worker for the status transitions it waits on. API round trips, the poller's ready
 *  lag and the CLI's own start-up count as zero. */

export interface Stage {
  /** The call that starts the stage (its bucket paces it), e.g. "RunInstances". */
  action: string;
  /** The transitions the stage waits for once the call is made, ms. */
  durationMs: number;
}

export interface Limits {
  /** Requests/s per action (the client limiter's rate, within the account's). */
  rate: number;
  /** Calls of one action that may go at once. */
  burst: number;
  /** Engine steps at once (--parallel); Infinity for no limit. */
  parallel: number;
}

/** The time the last of `n` resources, each going through `stages` in order, finishes (ms). */
export function minimumMs(n: number, stages: readonly Stage[], limits: Limits): number {
  if (n === 0 || stages.length === 0) return 0;
  const interval = 1000 / limits.rate;
  const sent = new Map<string, number>(); // calls of each action so far
  const paced = (action: string): number => {
    const k = sent.get(action) ?? 0; // this is call k (0-based)
    return Math.max(0, k + 1 - limits.burst) * interval;
  };
  // Ready stages: [readyAt, resource, stage]; workers: the times they free up.
  const ready: [number, number, number][] = Array.from({ length: n }, (_, i) => [0, i, 0]);
  const workers: number[] = [];
  let end = 0;
  while (ready.length) {
    // The engine starts the stage that became ready first (instances before their disks).
    ready.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[1] - b[1]);
    const [readyAt, resource, stage] = ready.shift() as [number, number, number];
    let free = readyAt;
    if (workers.length >= limits.parallel) {
      workers.sort((a, b) => a - b);
      free = Math.max(readyAt, workers.shift() as number);
    }
    const s = stages[stage];
    const start = Math.max(free, paced(s.action));
    sent.set(s.action, (sent.get(s.action) ?? 0) + 1);
    const finish = start + s.durationMs;
    workers.push(finish);
    end = Math.max(end, finish);
    if (stage + 1 < stages.length) ready.push([finish, resource, stage + 1]);
  }
  return end;
}
