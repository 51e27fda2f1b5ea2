/** The shared status poller: one per process. Every resource that waits for a status registers
 *  a waiter; per (kind, region) one loop ticks, and each tick sends one Describe call per
 *  batch of up to 100 waiting ids, then wakes the waiters whose status arrived.
 *
 *  Tick policy (ready lag vs. API calls):
 *   - a waiter that finds its group idle (no one waiting) gets a tick within `batchWindowMs`, so
 *     creates started together share one call; a waiter joining a busy group rides that group's
 *     next tick, never sooner than `fastMs` from now. Creates arrive spread out (the client's
 *     rate limiter, the engine's --parallel), so pulling the tick forward for each of them would
 *     make the group tick every few tens of ms;
 *   - young waiters are polled every `fastMs`;
 *   - the interval is a tenth of the youngest waiter's age (at least `fastMs`, at most `maxMs`);
 *     after `quietTicks` ticks in which nothing changed it grows x1.5 per tick up to `maxMs`;
 *     any status change resets the quiet count.
 *  A waiter whose resource is absent right after it was created is "not yet visible" for
 *  `graceMs`; a deadline fails with the resource, its current status and the awaited one.
 *  Waits longer than `progressAfterMs` print a progress line to stderr every `progressEveryMs`. */
import { getClient } from "../client";
import { pollKind, type PollResult } from "./kinds";
import { ResourceAbsentError, WaitTimeoutError } from "./errors";
import { collectIfGrown } from "./heap";
import { ReadBatcher } from "./reads";

export interface WaitSpec {
  kind: string;
  region: string;
  id: string;
  /** Statuses that end the wait, or "absent" to wait until the resource is gone. */
  target: readonly string[] | "absent";
  /** Epoch ms. */
  deadline: number;
  /** Names the resource in messages, e.g. `Instance "web"`. */
  label: string;
  /** Treat absence as "not yet visible" for this long (ms) after the wait starts. */
  graceMs?: number;
  /** Statuses that end the wait with an error (e.g. a disk that went back to Available). */
  failOn?: readonly string[];
  /** What messages say is awaited, when not simply the target (e.g. "Running"). */
  awaiting?: string;
}

/** Where the poller reads the time and sets its timers. The real clock by default; tests install
 *  a manual one so waits are driven by events instead of the wall clock. */
export interface PollerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: PollerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PollerSettings {
  /** Shortest interval between ticks (young waiters). */
  fastMs: number;
  /** Longest interval between ticks. */
  maxMs: number;
  /** Ticks without any status change before the interval starts growing x1.5 per tick. */
  quietTicks: number;
  batchWindowMs: number;
  graceMs: number;
  /** Batched reads (reads.ts): send a kind's queued reads after this long without a new one ... */
  readQuietMs: number;
  /** ... this long while fewer are queued than the kind last sent (a wave still arriving) ... */
  readWaveQuietMs: number;
  /** ... and at the latest this long after the first. */
  readMaxWaitMs: number;
  progressAfterMs: number;
  progressEveryMs: number;
  /** Where progress lines go (stderr, which the Pulumi CLI shows). */
  log: (line: string) => void;
  clock: PollerClock;
  /** Told when a waiter registers and after every tick (a seam for tests that drive time). */
  observe?: (event: "wait" | "tick") => void;
}

const DEFAULTS: PollerSettings = {
  // 600 ms: about a tenth of the 5-6 s an instance takes to run, so a wait costs few Describes,
  // and half a tick (0.3 s) of ready lag on average (bench measures 1 and 2).
  fastMs: 600,
  maxMs: 5000,
  quietTicks: 4,
  batchWindowMs: 50,
  graceMs: envMs("ALICLOUD_ECS_VISIBILITY_GRACE_MS", 20_000),
  // The engine hands reads over in waves of up to --parallel, but starts a wave's reads over a
  // few hundred ms on a busy machine: 100 ms without a newcomer ends a wave (25 ms cut a refresh
  // of 300 instances into 23 batches, 100 ms into 8; bench measure 7), and no read waits more
  // than a second.
  readQuietMs: envMs("ALICLOUD_ECS_READ_QUIET_MS", 100),
  readWaveQuietMs: envMs("ALICLOUD_ECS_READ_WAVE_QUIET_MS", 250),
  readMaxWaitMs: envMs("ALICLOUD_ECS_READ_MAX_WAIT_MS", 1000),
  progressAfterMs: 5000,
  progressEveryMs: 15_000,
  log: (line) => process.stderr.write(`${line}\n`),
  clock: realClock,
};

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 && process.env[name] !== "" ? v : fallback;
}

/** How a wait ended: the status reached and, when the kind's Describe returns it, the record. */
export interface WaitResult {
  status: string;
  data?: Record<string, unknown>;
}

interface Waiter {
  spec: WaitSpec;
  started: number;
  status: string; // last seen; "unknown" before the first tick
  data?: Record<string, unknown>;
  resolve(result: WaitResult): void;
  reject(err: Error): void;
}

interface Group {
  kind: string;
  region: string;
  waiters: Set<Waiter>;
  timer?: unknown;
  dueAt: number;
  interval: number;
  /** Consecutive ticks in which no status changed. */
  quiet: number;
  ticking: boolean;
  /** When the last progress line went out (0: none yet, so the first comes after progressAfterMs). */
  lastProgress: number;
  lastError?: Error;
}

export interface PollerStats {
  ticks: number;
  describeCalls: number;
}

export class Poller {
  private readonly groups = new Map<string, Group>();
  private settings: PollerSettings = { ...DEFAULTS };
  readonly stats: PollerStats = { ticks: 0, describeCalls: 0 };
  /** Batched reads, on the same clock. */
  readonly reads = new ReadBatcher(() => this.settings);

  configure(patch: Partial<PollerSettings>): void {
    this.settings = { ...this.settings, ...patch };
  }

  get config(): Readonly<PollerSettings> {
    return this.settings;
  }

  /** The poller's time (epoch ms): deadlines are measured on it. */
  now(): number {
    return this.settings.clock.now();
  }

  /** Resolves after `ms` on the poller's clock (loops that pace themselves like the poller). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.settings.clock.setTimer(resolve, Math.max(0, ms)));
  }

  /** Resolves with the status reached ("absent" when waiting for deletion) and the record. */
  wait(spec: WaitSpec): Promise<WaitResult> {
    pollKind(spec.kind); // fail fast on an unregistered kind
    return new Promise<WaitResult>((resolve, reject) => {
      const key = `${spec.kind}\n${spec.region}`;
      let group = this.groups.get(key);
      if (!group) {
        group = { kind: spec.kind, region: spec.region, waiters: new Set(), dueAt: Infinity, interval: this.settings.fastMs, quiet: 0, ticking: false, lastProgress: 0 };
        this.groups.set(key, group);
      }
      const idle = group.waiters.size === 0;
      group.waiters.add({ spec, started: this.now(), status: "unknown", resolve, reject });
      // A young waiter brings the cadence back to fast (from the next tick on) ...
      group.interval = this.settings.fastMs;
      group.quiet = 0;
      // ... but only an idle group ticks within the batch window; a busy one is pulled no
      // closer than fastMs (a group backed off to maxMs still sees the newcomer soon).
      this.schedule(group, idle ? this.settings.batchWindowMs : this.settings.fastMs);
      this.settings.observe?.("wait");
    });
  }

  /** Number of waiters in flight (for tests and diagnostics). */
  get pending(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.waiters.size;
    return n;
  }

  private schedule(group: Group, inMs: number): void {
    const at = this.now() + inMs;
    if (group.ticking || at >= group.dueAt) return;
    if (group.timer !== undefined) this.settings.clock.clearTimer(group.timer);
    group.dueAt = at;
    group.timer = this.settings.clock.setTimer(() => void this.tick(group), Math.max(0, inMs));
  }

  private async tick(group: Group): Promise<void> {
    group.timer = undefined;
    group.dueAt = Infinity;
    group.ticking = true;
    let changed = false;
    try {
      this.stats.ticks++;
      const kind = pollKind(group.kind);
      // Only the waiters present now: one that registers while the Describe is in flight was not
      // asked about, so its absence from the answer means nothing.
      const asked = [...group.waiters];
      const ids = [...new Set(asked.map((w) => w.spec.id))];
      const size = kind.batchSize ?? 100;
      const found = new Map<string, WaitResult>();
      let failed: Error | undefined;
      const client = getClient();
      await Promise.all(
        chunks(ids, size).map(async (batch) => {
          this.stats.describeCalls++;
          try {
            for (const [id, r] of await kind.describe(client, group.region, batch)) found.set(id, asResult(r));
          } catch (err) {
            failed = err instanceof Error ? err : new Error(String(err));
          }
        }),
      );
      group.lastError = failed;
      const now = this.now();
      for (const w of asked) {
        const fatal = failed && isFatal(failed);
        if (fatal) {
          this.finish(group, w, () => w.reject(failed as Error));
          continue;
        }
        if (failed && !found.has(w.spec.id)) {
          // This batch's Describe failed: we know nothing new about it; keep waiting.
        } else {
          const r = found.get(w.spec.id);
          const status = r?.status ?? "absent";
          if (status !== w.status) changed = true;
          w.status = status;
          w.data = r?.data;
          if (this.settle(group, w, now)) continue;
        }
        if (now >= w.spec.deadline) {
          this.finish(group, w, () =>
            w.reject(new WaitTimeoutError(w.spec.label, w.spec.id, w.status, awaited(w.spec), now - w.started, group.lastError)),
          );
        }
      }
      this.progress(group, now);
    } finally {
      group.ticking = false;
    }
    collectIfGrown();
    if (group.waiters.size === 0) this.groups.delete(`${group.kind}\n${group.region}`);
    else this.schedule(group, this.nextInterval(group, changed));
    this.settings.observe?.("tick");
  }

  /** Resolves or rejects the waiter if its status decides the wait; true when it did. */
  private settle(group: Group, w: Waiter, now: number): boolean {
    const { target } = w.spec;
    if (w.status === "absent") {
      if (target === "absent") return this.finish(group, w, () => w.resolve({ status: "absent" }));
      const grace = w.spec.graceMs ?? this.settings.graceMs;
      if (now - w.started < grace) return false; // not yet visible
      return this.finish(group, w, () => w.reject(new ResourceAbsentError(w.spec.label, w.spec.id, awaited(w.spec))));
    }
    if (target !== "absent" && target.includes(w.status)) return this.finish(group, w, () => w.resolve({ status: w.status, data: w.data }));
    if (w.spec.failOn?.includes(w.status)) {
      return this.finish(group, w, () =>
        w.reject(new Error(`${w.spec.label} (${w.spec.id}) went to ${w.status} while waiting for ${awaited(w.spec)}`)),
      );
    }
    return false;
  }

  private finish(group: Group, w: Waiter, settle: () => void): true {
    group.waiters.delete(w);
    settle();
    return true;
  }

  private nextInterval(group: Group, changed: boolean): number {
    const { fastMs, maxMs, quietTicks } = this.settings;
    const now = this.now();
    const youngest = Math.min(...[...group.waiters].map((w) => now - w.started));
    // A tenth of the youngest waiter's age: young waits (whose status flips soon) poll fast.
    const base = Math.min(maxMs, Math.max(fastMs, youngest / 10));
    group.quiet = changed ? 0 : group.quiet + 1;
    // After quietTicks ticks without any change, back off geometrically up to maxMs.
    group.interval = group.quiet >= quietTicks ? Math.min(maxMs, Math.max(base, group.interval * 1.5)) : base;
    // Never sleep past the nearest deadline.
    const nearest = Math.min(...[...group.waiters].map((w) => w.spec.deadline)) - now;
    return Math.max(0, Math.min(group.interval, nearest + 1));
  }

  private progress(group: Group, now: number): void {
    const { progressAfterMs, progressEveryMs, log } = this.settings;
    if (now - group.lastProgress < progressEveryMs) return;
    const slow = [...group.waiters].filter((w) => now - w.started >= progressAfterMs);
    if (slow.length === 0) return;
    group.lastProgress = now;
    const shown = slow.slice(0, 5).map((w) => `${w.spec.label} (${w.spec.id}) is ${w.status}, waiting for ${awaited(w.spec)} [${Math.round((now - w.started) / 1000)}s]`);
    const more = slow.length > 5 ? `; and ${slow.length - 5} more` : "";
    log(`alicloud-ecs: ${shown.join("; ")}${more}`);
  }
}

const asResult = (r: PollResult): WaitResult => (typeof r === "string" ? { status: r } : r);

const awaited = (spec: WaitSpec): string => spec.awaiting ?? (spec.target === "absent" ? "deletion" : spec.target.join(" or "));

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An answer from ECS that retrying cannot fix (bad credentials, bad parameters). Network errors
 *  and transient codes have already been retried by the client; the poller keeps ticking. */
function isFatal(err: Error): boolean {
  const e = err as Error & { httpStatus?: number; retryable?: boolean; code?: string };
  if (typeof e.httpStatus !== "number" || e.httpStatus === 0) return false;
  if (e.retryable || e.httpStatus >= 500 || /Throttling|ServiceUnavailable/.test(e.code ?? "")) return false;
  return e.httpStatus >= 400 && e.httpStatus < 500;
}
