// Slows down guessing tokens (syncServer.ts): 228 guesses a second went through, one log line
// each. Per remote address, failed sign-ins (no token or an unknown one: 401) are counted; after
// the first `freeFailures`, the answer to each further failure waits `baseDelayMs`, doubling with
// every failure up to `maxDelayMs`, and each waiting answer holds one of the address's
// `maxWaiting` slots until its wait is over, even if the client hangs up early (so a guesser
// cannot read "no quick answer" as "wrong"). With every slot taken, a request is answered 429 at
// once without its token being looked at. A valid token is never slowed down. The count ends
// after `quietMs` without failures. The first failure of such a burst is logged, with what
// follows; the burst's total when it ends. At most `maxAddresses` addresses are tracked (the
// longest quiet is forgotten first), so memory is bounded whatever the number of guessers.

export interface SignInThrottleOptions {
  readonly freeFailures: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxWaiting: number;
  readonly quietMs: number;
  readonly maxAddresses: number;
}

export const defaultSignInThrottle: SignInThrottleOptions = {
  freeFailures: 3,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  maxWaiting: 8,
  quietMs: 60_000,
  maxAddresses: 10_000,
};

interface Burst {
  failures: number;
  last: number;
  waiting: number;
}

export class SignInThrottle {
  private readonly bursts = new Map<string, Burst>();

  constructor(
    private readonly options: SignInThrottleOptions,
    private readonly now: () => number,
    /** Called with a sentence to log: a burst began, or ended. */
    private readonly log: (line: string) => void,
  ) {}

  /** Addresses currently in a burst of failures. */
  get trackedAddresses(): number {
    return this.bursts.size;
  }

  /** Before looking at the token: false when the address has every slot waiting (answer 429). */
  admit(address: string): boolean {
    const burst = this.current(address);
    return burst === undefined || burst.waiting < this.options.maxWaiting;
  }

  /**
   * A sign-in from `address` failed: resolves when its answer may go out. Holds a slot until then.
   * `what` describes the failure for the burst's first log line.
   */
  async failed(address: string, what: string): Promise<void> {
    let burst = this.current(address);
    if (burst === undefined) {
      burst = { failures: 0, last: this.now(), waiting: 0 };
      this.track(address, burst);
      this.log(`sign-in failed from ${address} (${what}); further failures from it are slowed down and logged once when it has been quiet`);
    }
    burst.failures++;
    burst.last = this.now();
    // Most recently failed last in the map: eviction takes the longest quiet first.
    this.bursts.delete(address);
    this.bursts.set(address, burst);
    const excess = burst.failures - this.options.freeFailures;
    if (excess <= 0) return;
    const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(excess - 1, 30));
    burst.waiting++;
    try {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    } finally {
      burst.waiting--;
    }
  }

  /** The address's burst, ending (and logging) one that has been quiet long enough. */
  private current(address: string): Burst | undefined {
    const burst = this.bursts.get(address);
    if (burst === undefined) return undefined;
    if (burst.waiting === 0 && this.now() - burst.last > this.options.quietMs) {
      this.bursts.delete(address);
      this.log(`sign-in failures from ${address} stopped: ${burst.failures} in that burst`);
      return undefined;
    }
    return burst;
  }

  private track(address: string, burst: Burst): void {
    while (this.bursts.size >= this.options.maxAddresses) {
      const oldest = this.bursts.keys().next().value;
      if (oldest === undefined) break;
      this.bursts.delete(oldest);
    }
    this.bursts.set(address, burst);
  }
}
