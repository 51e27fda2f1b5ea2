import { EcsClient, RateLimiter } from "../../provider/client";
import { ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";

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

/** Sends `n` calls through the limiter on a manual clock; returns when each one went. */
function drive(limiter: RateLimiter, clock: { now: number }, action: string, n: number): number[] {
  const sent: number[] = [];
  while (sent.length < n) {
    const wait = limiter.tryTake(action);
    if (wait === 0) sent.push(clock.now);
    else clock.now += wait;
  }
  return sent;
}

describe("RateLimiter (manual clock)", () => {
  it("lets a burst of 200 through with no window holding more than rate·window + burst", () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ ratePerSec: 20, burst: 5, now: () => clock.now });
    const sent = drive(limiter, clock, "DescribeInstances", 200);
    expect(sent.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 50]);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(20 + 5);
    expect(maxInWindow(sent, 1000)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...sent)).toBe(195 * 50);
    clock.now += 100_000;
    expect(drive(limiter, clock, "DescribeInstances", 5).every((t) => t === clock.now)).toBe(true);
  });

  it("keeps one bucket per action", () => {
    const limiter = new RateLimiter({ ratePerSec: 10, burst: 1, now: () => 0 });
    expect(limiter.tryTake("A")).toBe(0);
    expect(limiter.tryTake("B")).toBe(0);
    expect(limiter.tryTake("A")).toBe(100);
  });

  it("halves on Throttling at most once a second and recovers slowly", () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ ratePerSec: 20, now: () => clock.now, recoveryPerSec: 0.05 });
    limiter.onThrottled("A");
    limiter.onThrottled("A");
    expect(limiter.rateOf("A")).toBe(10);
    clock.now = 1000; // +1 s recovers 5 % of 20 (→ 11) before the next halving (→ 5.5)
    limiter.onThrottled("A");
    expect(limiter.rateOf("A")).toBe(5.5);
    clock.now = 6000; // 5 s more: +5
    limiter.tryTake("A");
    expect(limiter.rateOf("A")).toBeCloseTo(10.5);
    clock.now = 60_000;
    limiter.tryTake("A");
    expect(limiter.rateOf("A")).toBe(20);
  });

  it("spaces calls by the reduced rate after throttling", () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ ratePerSec: 10, burst: 1, now: () => clock.now, recoveryPerSec: 0 });
    limiter.onThrottled("A");
    const sent = drive(limiter, clock, "A", 5);
    expect(sent).toEqual([0, 200, 400, 600, 800]);
  });

  it("never drops below its floor", () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ ratePerSec: 4, minRatePerSec: 1, now: () => clock.now, recoveryPerSec: 0 });
    for (let i = 0; i < 10; i++) {
      limiter.onThrottled("A");
      clock.now += 1000;
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

  it("keeps a burst of 200 concurrent calls under the limit, counted where they arrive", async () => {
    server = await startFakeEcs(() => ok());
    const rate = 50;
    const burst = 5;
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: rate, rateBurst: burst });
    // Open the keep-alive sockets first (another action, another bucket), so connection set-up
    // does not bunch the first arrivals together and blur what is being measured.
    await Promise.all(Array.from({ length: 32 }, () => c.call("DescribeRegions")));
    server.arrivals.length = 0;
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 200 }, () => c.call("DescribeInstances", { RegionId: "cn-hangzhou" })));
    const elapsed = Date.now() - t0;
    const times = server.arrivals.map((a) => a.at);
    expect(times).toHaveLength(200);
    // The limiter releases at most burst + rate·W calls in any W (see the manual-clock test);
    // arrivals at a server sharing this event loop jitter by some ms, hence a slack of 3 calls.
    // Without the limiter all 200 arrive within a few hundred ms.
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(rate + burst + 3);
    expect(maxInWindow(times, 500)).toBeLessThanOrEqual(rate / 2 + burst + 3);
    expect(elapsed).toBeGreaterThanOrEqual(((200 - burst) / rate) * 1000 * 0.95);
    expect(server.arrivals.every((a) => a.signatureOk)).toBe(true);
  });
});
