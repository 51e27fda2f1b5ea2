/** Client-side flow control: a token bucket per action, so a large stack spreads
 * its calls instead of bouncing off the account's ECS limits. Halves an action's rate when ECS
 * answers Throttling and climbs back slowly while calls succeed. Time is read and waited on
 * through a ClientClock, so tests drive it by events. */
import { realClientClock, type ClientClock } from "./clock";

export interface RateLimiterOptions {
  /** Steady requests per second per action; 0 or Infinity disables limiting. Default 20. */
  ratePerSec?: number;
  /** Calls that may go at once after a quiet period. Default max(1, round(rate / 4)). */
  burst?: number;
  /** Floor for the adaptive rate. Default min(1, rate). */
  minRatePerSec?: number;
  /** Share of the base rate regained per second after throttling. Default 0.05 (full rate in ~20 s from zero). */
  recoveryPerSec?: number;
  /** Default: the real clock. */
  clock?: ClientClock;
}

interface Bucket {
  rate: number;
  tokens: number;
  lastRefill: number;
  lastAdjust: number;
  lastThrottle: number;
  /** Callers waiting for a token, first come first served. */
  waiting: (() => void)[];
  /** A wait for the next token is under way. */
  pumping: boolean;
}

export class RateLimiter {
  readonly baseRate: number;
  readonly burst: number;
  readonly #min: number;
  readonly #recovery: number;
  #clock: ClientClock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(o: RateLimiterOptions = {}) {
    this.baseRate = o.ratePerSec ?? 20;
    this.burst = Math.max(1, Math.floor(o.burst ?? Math.round(this.baseRate / 4)));
    this.#min = o.minRatePerSec ?? Math.min(1, this.baseRate);
    this.#recovery = o.recoveryPerSec ?? 0.05;
    this.#clock = o.clock ?? realClientClock;
  }

  /** Reads the time and waits on `clock` from now on (EcsClient.useClock). */
  useClock(clock: ClientClock): void {
    this.#clock = clock;
  }

  get enabled(): boolean {
    return this.baseRate > 0 && Number.isFinite(this.baseRate);
  }

  /** The action's bucket, refilled and (after throttling) recovered up to `now`. */
  #bucket(action: string, now: number): Bucket {
    let b = this.#buckets.get(action);
    if (!b) {
      b = { rate: this.baseRate, tokens: this.burst, lastRefill: now, lastAdjust: now, lastThrottle: -Infinity, waiting: [], pumping: false };
      this.#buckets.set(action, b);
      return b;
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.lastRefill) / 1000) * b.rate);
    b.lastRefill = now;
    if (b.rate < this.baseRate) {
      b.rate = Math.min(this.baseRate, b.rate + ((now - b.lastAdjust) / 1000) * this.baseRate * this.#recovery);
    }
    b.lastAdjust = now;
    return b;
  }

  /** Current rate for an action (requests/s). */
  rateOf(action: string): number {
    return this.#buckets.get(action)?.rate ?? this.baseRate;
  }

  /** Takes a token if one is there (returns 0), else returns the ms until the next one.
   * Tokens are counted at the moment of sending, so late timers cannot release more than
   * `burst` calls at once: any window of W ms holds at most burst + rate·W/1000 calls. */
  tryTake(action: string): number {
    if (!this.enabled) return 0;
    const b = this.#bucket(action, this.#clock.now());
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - b.tokens) / b.rate) * 1000));
  }

  /** Resolves when the action may send its next request (FIFO per action). */
  acquire(action: string): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    const b = this.#bucket(action, this.#clock.now());
    if (b.waiting.length === 0 && this.tryTake(action) === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      b.waiting.push(resolve);
      this.#schedule(action, b);
    });
  }

  #schedule(action: string, b: Bucket): void {
    if (b.pumping) return;
    b.pumping = true;
    const pump = (): void => {
      let wait = 0;
      while (b.waiting.length > 0 && (wait = this.tryTake(action)) === 0) b.waiting.shift()?.();
      if (b.waiting.length > 0) void this.#clock.sleep(wait).then(pump);
      else b.pumping = false;
    };
    void this.#clock.sleep(Math.max(1, this.#waitMs(b))).then(pump);
  }

  /** ms until the bucket holds a whole token. */
  #waitMs(b: Bucket): number {
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / b.rate) * 1000);
  }

  /** ECS said Throttling: halve the action's rate (at most once per second, so a wave of
   * throttled answers does not collapse it to the floor at once). */
  onThrottled(action: string): void {
    if (!this.enabled) return;
    const now = this.#clock.now();
    const b = this.#bucket(action, now);
    if (now - b.lastThrottle < 1000) return;
    b.lastThrottle = now;
    b.rate = Math.max(this.#min, b.rate / 2);
  }
}
