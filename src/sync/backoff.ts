// How long a client waits before reconnecting. Exponential, capped, and jittered: when a server
// restarts, all its clients lose it at the same moment; without jitter they would all come back
// at the same moments too (y-websocket's own backoff has none), hammering it in waves.

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  readonly baseMs: number;
  /** No delay is ever longer than this. */
  readonly maxMs: number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry): "equal jitter", i.e. half of
 * min(maxMs, baseMs · 2^(attempt−1)) for sure plus a random part up to the other half, so no
 * client retries at once and two clients that failed together drift apart. `random` returns a
 * number in [0, 1) (injected so tests are deterministic).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(30, attempt - 1));
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
