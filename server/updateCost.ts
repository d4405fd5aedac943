// Cost, not count (room.ts): the message rate limit counted messages, so one legal 8.7 MB update
// of 400k array inserts (one message) stalled every space for 3.9 s. Updates are now charged by
// what they cost the server: their size, and the time their apply took, per user (all of a
// user's connections share one budget; on an open server, each connection has its own).
//  - an update over `maxUpdateBytes` is refused before it is even parsed (closed 1009);
//  - otherwise, one the user's budget cannot cover (its bytes; or the budget is in debt from
//    earlier applies) is refused before it is applied (closed 1013: try again later; a client
//    resends it on reconnecting, once the budget has refilled);
//  - after an apply, its time is charged as `bytesPerMs` per millisecond, so an update that was
//    cheap to send but slow to apply is paid for by the next ones.
// Measured on this 2-core machine (shared, loaded): parsing + applying an update of tiny array
// inserts takes ~1.6 + 0.6 µs per byte (60 KB: 95 + 34 ms; 255 KB: 214 + 124 ms; 5.5 MB: 1.8 +
// 2.8 s); an update of records with text costs a tenth of that per byte. So the default cap of
// 1 MiB bounds the worst single stall at ~2 s, and the budget makes it rare (after one, that
// user waits ~1 min at 64 KiB per ms); the 50 ms bound for a worst-case update would need a cap of ~20 KB,
// which our own clients' 1 MiB pieces and stock clients' initial pushes could not live with.
// Applying in slices (or parsing in a worker) is what would meet it; not done.
import type { RateLimit } from './limits';

export interface UpdateCostLimits {
  /** Largest update accepted at all. */
  readonly maxUpdateBytes: number;
  /** The per-user budget in byte-equivalents: sustained per second, and the burst (bucket size). */
  readonly budget: RateLimit;
  /** What one millisecond of applying costs, in byte-equivalents. */
  readonly bytesPerMs: number;
}

export const defaultUpdateCostLimits: UpdateCostLimits = {
  maxUpdateBytes: 1024 * 1024,
  budget: { perSecond: 2 * 1024 * 1024, burst: 16 * 1024 * 1024 },
  bytesPerMs: 64 * 1024,
};

/** One user's budget: a token bucket of byte-equivalents that may go into debt after an apply. */
export class CostBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limits: UpdateCostLimits,
    private readonly now: () => number,
  ) {
    this.tokens = limits.budget.burst;
    this.last = now();
  }

  /** Whether an update of `bytes` may be applied now; if so, its bytes are taken. */
  take(bytes: number): boolean {
    this.refill();
    if (this.tokens < bytes) return false;
    this.tokens -= bytes;
    return true;
  }

  /** Charges `ms` of applying (the budget may go below zero: later updates wait). */
  charge(ms: number): void {
    this.tokens -= ms * this.limits.bytesPerMs;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.limits.budget.burst, this.tokens + (elapsed * this.limits.budget.perSecond) / 1000);
  }
}

/** The budgets of a server's users, one per user name (bounded by the access config's users). */
export class CostBudgets {
  private readonly budgets = new Map<string, CostBudget>();

  constructor(
    readonly limits: UpdateCostLimits,
    private readonly now: () => number,
  ) {}

  /** The shared budget of `user`, or a budget of its own (an open server's anonymous connections). */
  forUser(user: string | undefined): CostBudget {
    if (user === undefined) return new CostBudget(this.limits, this.now);
    let budget = this.budgets.get(user);
    if (budget === undefined) {
      budget = new CostBudget(this.limits, this.now);
      this.budgets.set(user, budget);
    }
    return budget;
  }
}
