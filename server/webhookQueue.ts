// The retry queue of one webhook: its deliveries waiting (new, or to be retried), attempted one at
// a time in order of due time, so a channel's rate limit is not hammered. One timer, set for the
// earliest due delivery, unless an attempt is in flight. What an attempt does is the dispatcher's
// (webhooks.ts): `run` resolves true when the delivery is done (delivered or given up).
import type { Delivery, LedgerSpace } from './webhookLedger';
import type { Timers } from './webhookAttempt';
import type { WebhookConfig } from './webhookConfig';

export interface QueueEntry {
  readonly delivery: Delivery;
  readonly state: LedgerSpace;
}

export interface QueueHooks {
  readonly timers: Timers;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** One attempt of `entry`; resolves true when it is done. `controller` aborts it. */
  readonly run: (queue: DeliveryQueue, entry: QueueEntry, controller: AbortController) => Promise<boolean>;
  readonly onError: (queue: DeliveryQueue, error: unknown) => void;
}

export class DeliveryQueue {
  readonly entries = new Set<QueueEntry>();
  /** Its webhook left the config, or the dispatcher closed: no further attempts. */
  private halted = false;
  private timer: unknown;
  private timerAt: number | undefined;
  /** Aborts the attempt in flight. */
  private abort: (() => void) | undefined;

  /** `webhook` is replaced when a reload changes it; an attempt uses the one in force when it starts. */
  constructor(
    public webhook: WebhookConfig,
    private readonly hooks: QueueHooks,
  ) {}

  /** True once stopped: an attempt aborted now is not an attempt. */
  get stopped(): boolean {
    return this.halted;
  }

  add(entry: QueueEntry): void {
    if (this.halted) return;
    this.entries.add(entry);
    this.schedule();
  }

  /** Keeps only the entries `keep` accepts, then reschedules. */
  prune(keep: (entry: QueueEntry) => boolean): void {
    for (const entry of this.entries) if (!keep(entry)) this.entries.delete(entry);
    this.schedule();
  }

  /** No further attempts; the one in flight is aborted. `forget`: drop the entries too (the webhook left the config). */
  stop(forget: boolean): void {
    this.halted = true;
    if (this.timer !== undefined) this.hooks.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.();
    if (forget) this.entries.clear();
  }

  /** Sets the queue's one timer for its earliest delivery, unless an attempt is in flight. */
  schedule(): void {
    if (this.halted || this.abort !== undefined) return;
    let next: number | undefined;
    for (const { delivery } of this.entries) if (next === undefined || delivery.nextAt < next) next = delivery.nextAt;
    if (this.timer !== undefined && this.timerAt === next) return;
    if (this.timer !== undefined) this.hooks.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === undefined) return;
    this.timer = this.hooks.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        this.runNext();
      },
      Math.max(0, next - this.hooks.now()),
    );
  }

  private runNext(): void {
    if (this.halted || this.abort !== undefined) return;
    const now = this.hooks.now();
    let due: QueueEntry | undefined;
    for (const entry of this.entries) {
      if (entry.delivery.nextAt <= now && (due === undefined || entry.delivery.nextAt < due.delivery.nextAt)) due = entry;
    }
    if (due === undefined) {
      this.schedule();
      return;
    }
    const entry = due;
    const controller = new AbortController();
    this.abort = () => controller.abort();
    void this.hooks
      .run(this, entry, controller)
      .then(
        (finished) => {
          if (finished) this.entries.delete(entry);
        },
        (error: unknown) => this.hooks.onError(this, error),
      )
      .finally(() => {
        this.abort = undefined;
        this.schedule();
      });
  }
}
