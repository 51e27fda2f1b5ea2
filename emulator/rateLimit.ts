/** Flow control per account and action: a token bucket refilled at N per second (real time). */
import { ApiError } from "./errors";

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(public perSecond: number | undefined) {}

  set(perSecond: number | undefined): void {
    this.perSecond = perSecond && perSecond > 0 ? perSecond : undefined;
    this.buckets.clear();
  }

  /** Throws Throttling.User when the caller is over its rate. */
  take(accessKeyId: string, action: string): void {
    const rate = this.perSecond;
    if (!rate) return;
    const key = `${accessKeyId}\n${action}`;
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const waitMs = Math.ceil(((1 - b.tokens) / rate) * 1000);
      throw new ApiError("Throttling.User", "Request was denied due to user flow control.", 400, { "x-acs-retry-after": String(waitMs) });
    }
    b.tokens -= 1;
  }
}
