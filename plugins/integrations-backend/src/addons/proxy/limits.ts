/** Calls in flight per key (an integration): a slot is taken or the caller waits elsewhere. */
export class ConcurrencyLimit {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function, or undefined when the key is at its limit. */
  tryAcquire(key: string): (() => void) | undefined {
    const count = this.inFlight.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.inFlight.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }
}

/**
 * A token bucket per key (a caller): `perMinute` calls, refilled evenly.
 * Per replica: N replicas allow up to N times the rate.
 */
export class RateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the call may go, else the seconds until it may (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + (now - bucket.at) * ratePerMs,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    // Keeps the map bounded by the callers of the last minute or so.
    if (this.buckets.size > 10_000) this.forgetFull(now, ratePerMs);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  private forgetFull(now: number, ratePerMs: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * ratePerMs >= this.perMinute) {
        this.buckets.delete(key);
      }
    }
  }
}
