// Limits that keep one client from starving the others.

export interface RateLimit {
  /** Sustained messages per second a connection may send. */
  readonly perSecond: number;
  /** Messages it may send at once after a quiet spell (the bucket's size). */
  readonly burst: number;
}

/**
 * A token bucket: holds up to `burst` tokens, refilled at `perSecond`; each message takes one.
 * `now` is a clock in milliseconds (injected so tests need no waiting).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the message is over the limit). */
  take(): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts open connections per user, to refuse one more than `max` (HTTP 429 before the upgrade). */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Reserves a slot for `user`; false (nothing reserved) when the user is at the limit. */
  acquire(user: string): boolean {
    const count = this.counts.get(user) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(user, count + 1);
    return true;
  }

  release(user: string): void {
    const count = (this.counts.get(user) ?? 0) - 1;
    if (count <= 0) this.counts.delete(user);
    else this.counts.set(user, count);
  }

  count(user: string): number {
    return this.counts.get(user) ?? 0;
  }
}
