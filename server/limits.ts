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

/**
 * What one connection may make the server hold. Each is a flag of `liaison serve`; the defaults
 * keep 500 honest clients working (they hold next to nothing buffered, one presence state of a
 * few hundred bytes, nothing pending) while bounding what one hostile client can pin.
 */
export interface ConnectionLimits {
  /** Output the socket has not taken yet; past it the connection is closed (1013) and its queue freed. */
  readonly maxBufferedBytes: number;
  /** Bytes of one presence state (its JSON); a larger one is not taken. */
  readonly maxPresenceBytes: number;
  /** Presence client ids one writing connection may announce (the first ones it used); read-only: 1. */
  readonly maxPresenceClients: number;
  /** Bytes of updates a room holds that cannot be applied yet (missing dependencies); past it the sender is closed and they are dropped. */
  readonly maxPendingBytes: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  maxBufferedBytes: 32 * 1024 * 1024,
  maxPresenceBytes: 32 * 1024,
  maxPresenceClients: 4,
  maxPendingBytes: 4 * 1024 * 1024,
};
