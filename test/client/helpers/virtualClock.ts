/** Virtual time for the client tests (EcsClient.useClock, RateLimiter's clock): time moves only when
 *  a test ends the earliest pending wait, so rates, backoff and deadlines are asserted exactly,
 *  whatever the machine's load. */
import type { ClientClock } from "../../../provider/client";

interface Wait {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements ClientClock {
  #seq = 0;
  #waits: Wait[] = [];

  constructor(public time = 0) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#waits.push({ at: this.time + Math.max(0, ms), seq: ++this.#seq, resolve }));
  }

  get pending(): number {
    return this.#waits.length;
  }

  /** Jumps to the earliest pending wait (never back) and ends it. */
  fireNext(): void {
    const next = [...this.#waits].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (!next) throw new Error("no wait pending");
    this.#waits = this.#waits.filter((w) => w !== next);
    this.time = Math.max(this.time, next.at);
    next.resolve();
  }

  /** Runs `work`, ending the earliest pending wait whenever one is pending and `ready()` holds
   *  (e.g. every request released so far has reached the server); otherwise lets I/O and
   *  callbacks run (one event-loop turn) and looks again. */
  async run<T>(work: Promise<T>, ready: () => boolean = () => true): Promise<T> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      if (this.pending > 0 && ready()) this.fireNext();
    }
  }
}
