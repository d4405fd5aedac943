// Posts emergencies and escalations (alerts.ts) to the configured webhooks (webhookConfig.ts), in
// the channel's format (webhookFormats.ts), with retries, at least once, never a flood. This file
// is the dispatcher: which alerts become deliveries, and what follows an attempt. The ledger of
// what was handled and what is pending is webhookLedger.ts, one webhook's retry queue
// webhookQueue.ts, one attempt and what its answer means webhookAttempt.ts.
//
// An alert is added to the ledger's `handled` and its deliveries to `pending`, the ledger is
// written, and only then is the first attempt made; a delivery leaves `pending` once it succeeded
// or was given up. So:
//  - a crash at any point loses nothing: an alert in the document but not in `handled` is found
//    when the space next loads, and `pending` is resumed by `start()` (for every space, loaded or
//    not); a crash between a successful POST and the write repeats that one POST (at least once;
//    the generic format's X-Liaison-Delivery header lets a receiver drop the repeat);
//  - nothing old is ever re-posted: a space seen for the first time (no ledger: a new server on an
//    existing data folder, a webhook newly covering the space, or a ledger that did not parse,
//    which is moved aside) has everything already in it marked handled, unsent, and only what
//    arrives afterwards is posted; and an alert older than `maxAlertAgeMs` (default 24 h, by the
//    record's or event's own time) is marked handled without posting, so a client syncing a long
//    offline history into a fresh server does not flood the channel.
// Retries (webhookAttempt.ts): base 1 s, doubling, capped at 10 min, ×0.75–1.25, up to
// `maxAttempts` (default 12, about 40 minutes); then given up, logged as an error.
// A config reload replaces the webhooks (`setWebhooks`), matched by name: a removed webhook's
// pending deliveries are dropped (logged) and it gets nothing more; a changed one is used as it
// now is from its next attempt on (its pending deliveries it no longer wants are dropped); a new
// one gets the alerts that arrive from then on. The ledgers' `handled` keys are never touched by
// a reload, so nothing is posted twice. Every loaded space is remembered, so a webhook newly
// covering one starts watching it at once; a watched space stays watched until it unloads.
// Logs name webhooks, never their URLs (a DingTalk URL carries its access token).
import type * as Y from 'yjs';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import { silentLogger } from '../src/util/logger';
import type { Alert } from './alerts';
import type { HttpPost, HttpResponseLike, RetryPolicy, Timers } from './webhookAttempt';
import { attemptDelivery, defaultRetryPolicy, realTimers, retryDelayMs } from './webhookAttempt';
import type { WebhookConfig } from './webhookConfig';
import { webhookWants } from './webhookConfig';
import type { Delivery, LedgerSpace, WebhookLedger } from './webhookLedger';
import { FileLedger } from './webhookLedger';
import type { QueueEntry } from './webhookQueue';
import { DeliveryQueue } from './webhookQueue';
import { WatchedSpaces } from './webhookSpaces';

export interface WebhookDispatcherOptions {
  readonly webhooks: readonly WebhookConfig[];
  /** The server's data folder; ledgers go in `<dataDir>/webhooks/`. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Default: the global `fetch`. */
  readonly post?: HttpPost;
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  readonly timers?: Timers;
  /** In [0, 1), for jitter. Default `Math.random`. */
  readonly random?: () => number;
  readonly retry?: Partial<RetryPolicy>;
  /** One attempt (connect, send, read the answer) is aborted after this long. Default 10 s. */
  readonly timeoutMs?: number;
  /** Alerts older than this when first seen are not posted. Default 24 h. */
  readonly maxAlertAgeMs?: number;
  /** fsync ledger writes. Default true. */
  readonly fsync?: boolean;
  /** Where handled alerts and pending deliveries are kept. Default: a FileLedger in `dataDir`. */
  readonly ledger?: WebhookLedger;
}

export interface WebhookStats {
  delivered: number;
  retried: number;
  /** Refused (not retried) or given up. */
  failed: number;
  /** Alerts not posted because they were too old when first seen. */
  skippedOld: number;
}

const defaultTimeoutMs = 10_000;
const defaultMaxAlertAgeMs = 24 * 60 * 60_000;

export class WebhookDispatcher {
  private readonly logger: Logger;
  private readonly post: HttpPost;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly ledger: WebhookLedger;
  private webhooks: readonly WebhookConfig[];
  private readonly queues = new Map<string, DeliveryQueue>();
  private readonly states = new Map<string, Promise<LedgerSpace>>();
  /** The ledgers loaded so far (what `states` resolved to), for a reload to go through synchronously. */
  private readonly loadedStates = new Map<string, LedgerSpace>();
  /** Attempts in flight and ledger loads, awaited by close(). */
  private readonly running = new Set<Promise<unknown>>();
  /** Every loaded space (attached), watched when a webhook covers it. */
  private readonly spaces: WatchedSpaces;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly counters: WebhookStats = { delivered: 0, retried: 0, failed: 0, skippedOld: 0 };

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.logger = options.logger ?? silentLogger;
    this.post = options.post ?? ((url, init): Promise<HttpResponseLike> => fetch(url, init));
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.ledger =
      options.ledger ?? new FileLedger({ dataDir: options.dataDir, logger: this.logger, now: this.now, fsync: options.fsync ?? true });
    this.webhooks = options.webhooks;
    for (const webhook of options.webhooks) this.queues.set(webhook.name, this.newQueue(webhook));
    this.spaces = new WatchedSpaces(this.logger, {
      ledgerOf: (space) => this.stateFor(space),
      consider: (state, alerts, baseline) => this.consider(state, alerts, baseline),
      save: (state) => void this.save(state),
      isClosed: () => this.closed,
    });
  }

  /** Counts since start. */
  stats(): WebhookStats {
    return { ...this.counters };
  }

  /** Deliveries not yet done (queued, waiting to retry, or in flight). */
  get pendingCount(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.entries.size;
    return count;
  }

  /** Resumes the pending deliveries of every ledger in the data folder. Call once, before serving. */
  async start(): Promise<void> {
    if (this.webhooks.length === 0) return;
    await this.resumeLedgers();
    this.logger.info(
      `webhooks: ${this.webhooks.length} configured (${this.webhooks.map((webhook) => `${webhook.name}: ${webhook.format}`).join(', ')}); ${this.pendingCount} pending deliveries resumed`,
    );
  }

  /**
   * Puts a new webhook list in force (a config reload), as the header says. Synchronous, so the
   * caller can apply it together with the rest of the config; ledger writes follow.
   */
  setWebhooks(webhooks: readonly WebhookConfig[]): void {
    if (this.closed) return;
    const next = new Map(webhooks.map((webhook) => [webhook.name, webhook]));
    let added = false;
    for (const [name, queue] of this.queues) {
      const webhook = next.get(name);
      if (webhook !== undefined) {
        queue.webhook = webhook;
        continue;
      }
      queue.stop(true);
      this.queues.delete(name);
    }
    for (const webhook of webhooks) {
      if (this.queues.has(webhook.name)) continue;
      this.queues.set(webhook.name, this.newQueue(webhook));
      added = true;
    }
    this.webhooks = webhooks;
    // Pending deliveries its webhook no longer takes (gone, or no longer wanting that space or
    // event) are dropped, including those still waiting for their ledger write.
    const dropped = new Map<string, number>();
    for (const state of this.loadedStates.values()) {
      let changed = false;
      for (const delivery of state.pending) {
        const webhook = next.get(delivery.webhook);
        if (webhook !== undefined && webhookWants(webhook, state.space, delivery.alert.kind)) continue;
        state.pending.delete(delivery);
        dropped.set(delivery.webhook, (dropped.get(delivery.webhook) ?? 0) + 1);
        changed = true;
      }
      if (changed) void this.save(state);
    }
    for (const queue of this.queues.values()) queue.prune((entry) => entry.state.pending.has(entry.delivery));
    for (const [name, count] of dropped) {
      this.logger.warn(
        `webhooks: "${name}" ${next.has(name) ? 'changed; its pending deliveries it no longer wants' : 'left the config; its pending deliveries'} dropped: ${count}`,
      );
    }
    this.spaces.watchNewlyCovered((space) => this.covers(space));
    // Deliveries of a newly configured name waiting in ledgers of spaces not loaded (as at start).
    if (added) {
      void this.track(this.resumeLedgers()).catch((error: unknown) =>
        this.logger.error(`webhooks: resuming pending deliveries failed: ${errorText(error)}`),
      );
    }
  }

  /**
   * Watches a loaded space for new emergencies and escalations; the returned function stops
   * watching (call it when the space is unloaded). Matches SyncServerOptions.onSpaceLoaded.
   */
  attach(space: string, doc: Y.Doc): () => void {
    if (this.closed) return (): void => undefined;
    return this.spaces.attach(space, doc, this.covers(space));
  }

  /** Stops watching, stops retrying (pending deliveries stay in the ledgers), writes the ledgers. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.spaces.stopAll();
    for (const queue of this.queues.values()) queue.stop(false);
    while (this.running.size > 0) await Promise.allSettled(Array.from(this.running));
    await Promise.allSettled(Array.from(this.states.values()));
    await this.ledger.settled();
  }

  private newQueue(webhook: WebhookConfig): DeliveryQueue {
    return new DeliveryQueue(webhook, {
      timers: this.timers,
      now: this.now,
      run: (queue, entry, controller) => this.track(this.attempt(queue, entry, controller)),
      onError: (queue, error) => this.logger.error(`webhooks: "${queue.webhook.name}": ${errorText(error)}`),
    });
  }

  /** Loads every ledger in the data folder, which queues its pending deliveries. */
  private async resumeLedgers(): Promise<void> {
    const spaces = await this.ledger.spaces();
    await Promise.all(
      spaces.map((space) =>
        this.stateFor(space).catch((error: unknown) => {
          this.logger.error(`webhooks: space "${space}": ${errorText(error)}`);
        }),
      ),
    );
  }

  private covers(space: string): boolean {
    return this.webhooks.some((webhook) => webhook.spaces === undefined || webhook.spaces.has(space));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise)).catch(() => undefined);
    return promise;
  }

  private save(state: LedgerSpace): Promise<void> {
    return this.track(this.ledger.save(state));
  }

  private stateFor(space: string): Promise<LedgerSpace> {
    let state = this.states.get(space);
    if (state === undefined) {
      state = this.track(this.loadState(space));
      this.states.set(space, state);
      // A failed load is retried the next time the space loads.
      state.catch(() => this.states.delete(space));
    }
    return state;
  }

  /** The space's ledger, its pending deliveries queued (those no configured webhook wants dropped). */
  private async loadState(space: string): Promise<LedgerSpace> {
    const state = await this.ledger.load(space);
    const dropped = new Map<string, number>();
    for (const delivery of state.pending) {
      const queue = this.queues.get(delivery.webhook);
      if (queue === undefined || !webhookWants(queue.webhook, space, delivery.alert.kind)) {
        state.pending.delete(delivery);
        dropped.set(delivery.webhook, (dropped.get(delivery.webhook) ?? 0) + 1);
        continue;
      }
      this.enqueue(queue, delivery, state);
    }
    for (const [name, count] of dropped) {
      this.logger.warn(
        `webhooks: space "${space}": ${count} pending deliveries for webhook "${name}", which is no longer configured for them, dropped`,
      );
    }
    if (dropped.size > 0) void this.save(state);
    this.loadedStates.set(space, state);
    return state;
  }

  /** Marks new alerts handled and queues their deliveries once the ledger holding them is written. */
  private consider(state: LedgerSpace, alerts: readonly Alert[], baseline: boolean): void {
    const created: Delivery[] = [];
    let changed = false;
    const now = this.now();
    const maxAge = this.options.maxAlertAgeMs ?? defaultMaxAlertAgeMs;
    for (const alert of alerts) {
      if (state.handled.has(alert.key)) continue;
      state.handled.add(alert.key);
      changed = true;
      if (baseline) continue;
      const age = now - Date.parse(alert.at);
      if (age > maxAge) {
        this.counters.skippedOld++;
        this.logger.info(
          `webhooks: space "${state.space}": ${alert.kind} of record ${alert.record.id} happened at ${alert.at}, more than ${Math.round(maxAge / 60_000)} min ago; not posted`,
        );
        continue;
      }
      for (const webhook of this.webhooks) {
        if (!webhookWants(webhook, state.space, alert.kind)) continue;
        const delivery: Delivery = { webhook: webhook.name, alert, attempts: 0, nextAt: now };
        state.pending.add(delivery);
        created.push(delivery);
      }
    }
    if (!changed) return;
    void this.save(state).then(() => {
      for (const delivery of created) {
        const queue = this.queues.get(delivery.webhook);
        if (queue !== undefined && state.pending.has(delivery)) this.enqueue(queue, delivery, state);
      }
    });
  }

  private enqueue(queue: DeliveryQueue, delivery: Delivery, state: LedgerSpace): void {
    if (this.closed) return;
    queue.add({ delivery, state });
  }

  /** One attempt; resolves true when the delivery is done (delivered or given up). */
  private async attempt(queue: DeliveryQueue, entry: QueueEntry, controller: AbortController): Promise<boolean> {
    const { webhook } = queue;
    const { delivery, state } = entry;
    const { alert } = delivery;
    const attempt = delivery.attempts + 1;
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    const outcome = await attemptDelivery(webhook, alert, attempt, {
      post: this.post,
      timers: this.timers,
      now: this.now,
      timeoutMs,
      controller,
    });
    // Aborted by close() (the delivery stays pending in the ledger) or by a reload that removed
    // the webhook (the delivery was dropped): not an attempt.
    if (outcome === 'aborted') return false;
    delivery.attempts = attempt;
    const what = `${alert.kind} of record ${alert.record.id} in space "${alert.space}" to webhook "${webhook.name}"`;
    if (!state.pending.has(delivery)) {
      // Dropped by a reload while in flight: whatever the answer, nothing more is done for it.
      if (outcome.ok) this.counters.delivered++;
      this.logger.info(`webhooks: ${what}, dropped by a config reload while in flight: ${outcome.ok ? 'delivered' : outcome.reason}`);
      return true;
    }
    const maxAttempts = webhook.maxAttempts ?? this.policy.maxAttempts;
    let done = true;
    if (outcome.ok) {
      this.counters.delivered++;
      this.logger.info(`webhooks: delivered ${what} (attempt ${attempt})`);
    } else if (!outcome.retry) {
      this.counters.failed++;
      this.logger.error(`webhooks: ${what} refused: ${outcome.reason}; not retried (check the webhook's url and secret)`);
    } else if (attempt >= maxAttempts) {
      this.counters.failed++;
      this.logger.error(`webhooks: gave up on ${what} after ${attempt} attempts; last: ${outcome.reason}`);
    } else {
      done = false;
      this.counters.retried++;
      const delay = Math.min(this.policy.maxDelayMs, Math.max(retryDelayMs(attempt, this.policy, this.random), outcome.retryAfterMs ?? 0));
      delivery.nextAt = this.now() + delay;
      delivery.lastError = outcome.reason;
      this.logger.warn(`webhooks: attempt ${attempt} of ${what} failed: ${outcome.reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    }
    if (done) state.pending.delete(delivery);
    await this.save(state);
    return done;
  }
}
