/** Virtual time for the poller and the emulator together, so tests about waiting are driven by
 *  events instead of the wall clock: time only moves when the test (or `run`) fires the next
 *  poller timer, and the emulator's clock moves by the same amount (admin.advanceClock), so
 *  statuses, deadlines, grace periods and back-off all follow the same virtual time. */
import type { EmulatorOptions, RunningEmulator } from "../../emulator";
import { getClient } from "../../provider/client";
import { poller, realClock, type PollerClock, type PollerSettings } from "../../provider/wait";
import { startHarness, type Harness } from "./harness";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class ManualClock implements PollerClock {
  private t = Date.now();
  private seq = 0;
  private timers: Timer[] = [];
  private wakers: (() => void)[] = [];
  /** Waiters registered with the poller since install (its "wait" events). */
  waits = 0;

  constructor(private readonly emulator: RunningEmulator) {}

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): number {
    const timer = { id: ++this.seq, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    this.wake();
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Resolves once a timer is pending (at once if one is). */
  timerSet(): Promise<void> {
    return this.timers.length ? Promise.resolve() : this.nextEvent();
  }

  /** Jumps to the earliest timer and fires it. */
  fireNext(): void {
    const next = [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!next) throw new Error("no timer pending");
    this.timers = this.timers.filter((t) => t !== next);
    if (next.at > this.t) {
      this.emulator.admin.advanceClock(next.at - this.t);
      this.t = next.at;
    }
    next.fn();
  }

  /** Moves time until `work` settles: whenever a timer is pending and `ready()` holds (say, every
   *  expected waiter has registered), time jumps to that timer; otherwise it waits for the next
   *  event (a timer set, a waiter registered, a tick done, or `work` settling). */
  async run<T>(work: Promise<T>, ready: () => boolean = () => true): Promise<T> {
    let settled = false;
    const done = work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    while (!settled) {
      if (this.timers.length && ready()) {
        this.fireNext();
        await Promise.resolve(); // let the fired callback start before looking again
      } else await Promise.race([this.nextEvent(), done]);
    }
    return work;
  }

  /** A wait on this clock (the client's retries use it). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Makes this the poller's clock (and counts its waiters) and the shared client's retry clock;
   *  returns the undo. */
  install(): () => void {
    poller().configure({
      clock: this,
      observe: (e) => {
        if (e === "wait") this.waits++;
        this.wake();
      },
    });
    const undoClient = getClient().useClock(this);
    return () => {
      undoClient();
      poller().configure({ clock: realClock, observe: undefined });
    };
  }

  private nextEvent(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }
}

/** Runs `work` (started after the manual clock is installed, so its deadlines are virtual) with
 *  time moving whenever the poller or a retry loop waits on a timer. */
export async function inVirtualTime<T>(emulator: RunningEmulator, work: () => Promise<T>): Promise<T> {
  const clock = new ManualClock(emulator);
  const undo = clock.install();
  try {
    return await clock.run(work());
  } finally {
    undo();
  }
}

/** A suite in virtual time: one harness (emulator on a manual clock, shared client, poller with
 *  `pollerSettings`), a ManualClock installed for the whole file, and a security group. The
 *  fields are set in beforeAll. */
export interface VirtualTimeSuite {
  h: Harness;
  clock: ManualClock;
  sg: string;
}

export function virtualTimeSuite(emulator: EmulatorOptions, pollerSettings: Partial<PollerSettings>): VirtualTimeSuite {
  const suite = {} as VirtualTimeSuite;
  let uninstall: () => void = () => undefined;
  beforeAll(async () => {
    suite.h = await startHarness({ clock: "manual", ...emulator }, pollerSettings);
    suite.clock = new ManualClock(suite.h.emulator);
    uninstall = suite.clock.install();
    suite.sg = await suite.h.securityGroup();
  });
  afterAll(async () => {
    uninstall();
    await suite.h.close();
  });
  return suite;
}
