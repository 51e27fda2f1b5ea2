import { EcsClient, RateLimiter } from "../../provider/client";
import { ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";
import { VirtualClock } from "./helpers/virtualClock";

/** Largest number of timestamps that fall in any window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Sends `n` calls through the limiter on a virtual clock; returns when each one went. */
function drive(limiter: RateLimiter, clock: VirtualClock, action: string, n: number): number[] {
  const sent: number[] = [];
  while (sent.length < n) {
    const wait = limiter.tryTake(action);
    if (wait === 0) sent.push(clock.time);
    else clock.time += wait;
  }
  return sent;
}

describe("RateLimiter (virtual clock)", () => {
  it("lets a burst of 200 through with no window holding more than rate·window + burst", () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ ratePerSec: 20, burst: 5, clock });
    const sent = drive(limiter, clock, "DescribeInstances", 200);
    expect(sent.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 50]);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(20 + 5);
    expect(maxInWindow(sent, 1000)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...sent)).toBe(195 * 50);
    clock.time += 100_000;
    expect(drive(limiter, clock, "DescribeInstances", 5).every((t) => t === clock.time)).toBe(true);
  });

  it("keeps one bucket per action", () => {
    const limiter = new RateLimiter({ ratePerSec: 10, burst: 1, clock: new VirtualClock() });
    expect(limiter.tryTake("A")).toBe(0);
    expect(limiter.tryTake("B")).toBe(0);
    expect(limiter.tryTake("A")).toBe(100);
  });

  it("halves on Throttling at most once a second and recovers slowly", () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ ratePerSec: 20, clock, recoveryPerSec: 0.05 });
    limiter.onThrottled("A");
    limiter.onThrottled("A");
    expect(limiter.rateOf("A")).toBe(10);
    clock.time = 1000; // +1 s recovers 5 % of 20 (→ 11) before the next halving (→ 5.5)
    limiter.onThrottled("A");
    expect(limiter.rateOf("A")).toBe(5.5);
    clock.time = 6000; // 5 s more: +5
    limiter.tryTake("A");
    expect(limiter.rateOf("A")).toBeCloseTo(10.5);
    clock.time = 60_000;
    limiter.tryTake("A");
    expect(limiter.rateOf("A")).toBe(20);
  });

  it("spaces calls by the reduced rate after throttling", () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ ratePerSec: 10, burst: 1, clock, recoveryPerSec: 0 });
    limiter.onThrottled("A");
    const sent = drive(limiter, clock, "A", 5);
    expect(sent).toEqual([0, 200, 400, 600, 800]);
  });

  it("never drops below its floor", () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ ratePerSec: 4, minRatePerSec: 1, clock, recoveryPerSec: 0 });
    for (let i = 0; i < 10; i++) {
      limiter.onThrottled("A");
      clock.time += 1000;
    }
    expect(limiter.rateOf("A")).toBe(1);
  });

  it("is off when the rate is 0", () => {
    const limiter = new RateLimiter({ ratePerSec: 0 });
    expect(Array.from({ length: 100 }, () => limiter.tryTake("A")).every((w) => w === 0)).toBe(true);
  });
});

describe("rate limiting against a local HTTP server", () => {
  let server: FakeEcs;
  let c: EcsClient;
  afterAll(async () => {
    await c?.close();
    await server?.close();
  });

  it("keeps a burst of 200 concurrent calls under the limit, counted in virtual time where they arrive", async () => {
    const clock = new VirtualClock();
    const arrivedAt: number[] = [];
    server = await startFakeEcs(() => {
      arrivedAt.push(clock.now());
      return ok();
    });
    const rate = 50;
    const burst = 5;
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: rate, rateBurst: burst });
    c.useClock(clock);
    // Count the calls the limiter let go: time moves on only once each of them has reached the
    // server, so every arrival carries the virtual time of its release.
    const limiter = c.rateLimiter;
    const acquire = limiter.acquire.bind(limiter);
    let released = 0;
    jest.spyOn(limiter, "acquire").mockImplementation((action) => acquire(action).then(() => void released++));

    const calls = Promise.all(Array.from({ length: 200 }, () => c.call("DescribeInstances", { RegionId: "cn-hangzhou" })));
    await clock.run(calls, () => server.arrivals.length === released);

    expect(arrivedAt).toHaveLength(200);
    // The burst at once, then one call every 1000/rate ms: the busiest windows [0, W) hold
    // burst + rate·W/1000 - 1 calls (the one due at W is outside), within the limiter's bound of
    // burst + rate·W/1000. Without the limiter all 200 would arrive at virtual time 0.
    expect(arrivedAt.filter((t) => t === 0)).toHaveLength(burst);
    expect(maxInWindow(arrivedAt, 1000)).toBe(burst + rate - 1);
    expect(maxInWindow(arrivedAt, 500)).toBe(burst + rate / 2 - 1);
    expect(Math.max(...arrivedAt)).toBe(((200 - burst) / rate) * 1000);
    expect(server.arrivals.every((a) => a.signatureOk)).toBe(true);
  });
});
