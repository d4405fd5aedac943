// Posts emergencies and escalations (alerts.ts) to the configured webhooks (webhookConfig.ts), in
// the channel's format (webhookFormats.ts), with retries, at least once, never a flood.
//
// The ledger. Per space, `<dataDir>/webhooks/<space>.json` (written atomically: tmp + fsync +
// rename) holds `handled`, the keys of every alert already turned into deliveries (or skipped),
// and `pending`, the deliveries not yet done, with their attempt count and next attempt time.
// An alert is added to both, the file is written, and only then is the first attempt made; a
// delivery leaves `pending` once it succeeded or was given up. So:
//  - a crash at any point loses nothing: an alert in the document but not in `handled` is found
//    when the space next loads, and `pending` is resumed by `start()` (for every space, loaded or
//    not); a crash between a successful POST and the write repeats that one POST (at least once;
//    the generic format's X-Liaison-Delivery header lets a receiver drop the repeat);
//  - nothing old is ever re-posted: a space seen for the first time (no ledger file: a new
//    server on an existing data folder, a webhook newly covering the space, or a ledger that did
//    not parse, which is moved aside) has everything already in it marked handled, unsent, and
//    only what arrives afterwards is posted; and an alert older than `maxAlertAgeMs` (default
//    24 h, by the record's or event's own time) is marked handled without posting, so a client
//    syncing a long offline history into a fresh server does not flood the channel.
// Retries: one attempt at a time per webhook (in order of due time), so a channel's rate limit
// is not hammered. 2xx without a channel error code = delivered. Network errors, timeouts, 408,
// 429, 5xx and channel error codes (DingTalk errcode, Feishu code) are retried with exponential
// backoff and jitter (base 1 s, doubling, capped at 10 min, ×0.75–1.25; a longer Retry-After is
// honoured), up to `maxAttempts` (default 12, about 40 minutes); then given up, logged as an
// error. Any other status (4xx, 3xx) is not retried: logged with the answer's first bytes.
// A config reload replaces the webhooks (`setWebhooks`), matched by name: a removed webhook's
// pending deliveries are dropped (logged) and it gets nothing more; a changed one is used as it
// now is from its next attempt on (its pending deliveries it no longer wants are dropped); a new
// one gets the alerts that arrive from then on. The ledgers' `handled` keys are never touched by
// a reload, so nothing is posted twice. Every loaded space is remembered, so a webhook newly
// covering one starts watching it at once; a watched space stays watched until it unloads.
// Logs name webhooks, never their URLs (a DingTalk URL carries its access token).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as Y from 'yjs';
import { validateSpaceName } from '../src/store/localStore';
import type { Logger } from '../src/util/logger';
import { silentLogger } from '../src/util/logger';
import type { Alert } from './alerts';
import { scanAlerts, watchAlerts } from './alerts';
import type { WebhookConfig } from './webhookConfig';
import { ALERT_KINDS, webhookWants } from './webhookConfig';
import { channelError, deliveryId, prepareRequest } from './webhookFormats';

/** What the dispatcher needs of an HTTP response; `fetch`'s Response satisfies it. */
export interface HttpResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpPostInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
  readonly redirect: 'manual';
}

/** Sends one request; `fetch` satisfies it. Rejects on network errors and on abort. */
export type HttpPost = (url: string, init: HttpPostInit) => Promise<HttpResponseLike>;

/** Timers for retry scheduling and request timeouts, injected so tests need not wait. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RetryPolicy {
  /** Delay after the first failure; doubled after each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts (the first included) before a delivery is given up; a webhook's `maxAttempts` wins. */
  readonly maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

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
}

export interface WebhookStats {
  delivered: number;
  retried: number;
  /** Refused (not retried) or given up. */
  failed: number;
  /** Alerts not posted because they were too old when first seen. */
  skippedOld: number;
}

/** One alert for one webhook, as kept in the ledger. */
interface Delivery {
  readonly webhook: string;
  readonly alert: Alert;
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAt: number;
  lastError?: string;
}

interface LedgerFile {
  version: 1;
  space: string;
  handled: string[];
  pending: Delivery[];
}

interface SpaceState {
  readonly space: string;
  readonly file: string;
  readonly handled: Set<string>;
  readonly pending: Set<Delivery>;
  /** No ledger existed: what the space holds when first attached is marked handled, unsent. */
  fresh: boolean;
  dirty: boolean;
  saving?: Promise<void>;
}

interface Queue {
  /** Replaced when a reload changes the webhook; an attempt uses the one in force when it starts. */
  webhook: WebhookConfig;
  readonly entries: Set<{ delivery: Delivery; state: SpaceState }>;
  /** Its webhook left the config: no further attempts. */
  retired?: boolean;
  timer?: unknown;
  timerAt?: number;
  /** Aborts the attempt in flight. */
  abort?: () => void;
}

type Outcome = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

const LEDGER_VERSION = 1;
const defaultTimeoutMs = 10_000;
const defaultMaxAlertAgeMs = 24 * 60 * 60_000;

/** Delay before attempt `failures + 1`: base·2^(failures−1), capped, times 0.75–1.25. */
export function retryDelayMs(failures: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(Math.min(policy.maxDelayMs, exponential * (0.75 + 0.5 * random())));
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/** What a 2xx/3xx/4xx/5xx answer means for the delivery. */
function classify(webhook: WebhookConfig, status: number, body: string, retryAfter: number | undefined): Outcome {
  if (status >= 200 && status < 300) {
    const error = channelError(webhook.format, body);
    return error === undefined ? { ok: true } : { ok: false, retry: true, reason: `HTTP ${status} with ${error}` };
  }
  const reason = `HTTP ${status}${body.trim() === '' ? '' : `: ${excerpt(body)}`}`;
  if (status === 408 || status === 429 || status >= 500) return { ok: false, retry: true, reason, retryAfterMs: retryAfter };
  if (status >= 300 && status < 400)
    return { ok: false, retry: false, reason: `${reason} (a redirect: put the final address in the config)` };
  return { ok: false, retry: false, reason };
}

function isDelivery(value: unknown): value is Delivery {
  if (typeof value !== 'object' || value === null) return false;
  const raw = value as Record<string, unknown>;
  const alert = raw.alert as Record<string, unknown> | null | undefined;
  return (
    typeof raw.webhook === 'string' &&
    typeof raw.attempts === 'number' &&
    typeof raw.nextAt === 'number' &&
    typeof alert === 'object' &&
    alert !== null &&
    typeof alert.key === 'string' &&
    typeof alert.space === 'string' &&
    ALERT_KINDS.includes(alert.kind as Alert['kind']) &&
    typeof alert.record === 'object' &&
    alert.record !== null
  );
}

export class WebhookDispatcher {
  private readonly logger: Logger;
  private readonly post: HttpPost;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly dir: string;
  private webhooks: readonly WebhookConfig[];
  private readonly queues = new Map<string, Queue>();
  private readonly states = new Map<string, Promise<SpaceState>>();
  /** The ledgers loaded so far (what `states` resolved to), for a reload to go through synchronously. */
  private readonly loadedStates = new Map<string, SpaceState>();
  /** Attempts in flight and ledger loads, awaited by close(). */
  private readonly running = new Set<Promise<unknown>>();
  /** Every loaded space (attached), with the function that stops watching it once watched. */
  private readonly spaces = new Map<string, { readonly doc: Y.Doc; stop?: () => void }>();
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
    this.dir = path.join(options.dataDir, 'webhooks');
    this.webhooks = options.webhooks;
    for (const webhook of options.webhooks) this.queues.set(webhook.name, { webhook, entries: new Set() });
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
      queue.retired = true;
      if (queue.timer !== undefined) this.timers.clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.abort?.();
      queue.entries.clear();
      this.queues.delete(name);
    }
    for (const webhook of webhooks) {
      if (this.queues.has(webhook.name)) continue;
      this.queues.set(webhook.name, { webhook, entries: new Set() });
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
    for (const queue of this.queues.values()) {
      for (const entry of queue.entries) if (!entry.state.pending.has(entry.delivery)) queue.entries.delete(entry);
      this.schedule(queue);
    }
    for (const [name, count] of dropped) {
      this.logger.warn(
        `webhooks: "${name}" ${next.has(name) ? 'changed; its pending deliveries it no longer wants' : 'left the config; its pending deliveries'} dropped: ${count}`,
      );
    }
    for (const [space, entry] of this.spaces) if (entry.stop === undefined && this.covers(space)) this.watch(space, entry, true);
    // Deliveries of a newly configured name waiting in ledgers of spaces not loaded (as at start).
    if (added) {
      void this.track(this.resumeLedgers()).catch((error: unknown) =>
        this.logger.error(`webhooks: resuming pending deliveries failed: ${errorText(error)}`),
      );
    }
  }

  /** Loads every ledger in the data folder, which queues its pending deliveries. */
  private async resumeLedgers(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const spaces = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((space) => validateSpaceName(space) === undefined);
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

  /**
   * Watches a loaded space for new emergencies and escalations; the returned function stops
   * watching (call it when the space is unloaded). Matches SyncServerOptions.onSpaceLoaded.
   */
  attach(space: string, doc: Y.Doc): () => void {
    if (this.closed) return (): void => undefined;
    const entry: { readonly doc: Y.Doc; stop?: () => void } = { doc };
    this.spaces.set(space, entry);
    if (this.covers(space)) this.watch(space, entry);
    return () => {
      if (this.spaces.get(space) === entry) this.spaces.delete(space);
      entry.stop?.();
    };
  }

  /**
   * Starts watching a loaded space: its ledger is loaded and its alerts considered.
   * `newlyCovered` (a reload made a webhook cover it while loaded): what it holds now is marked
   * handled, unsent, as for a space seen for the first time, even when an older ledger exists.
   */
  private watch(space: string, entry: { readonly doc: Y.Doc; stop?: () => void }, newlyCovered = false): void {
    const { doc } = entry;
    if (validateSpaceName(space) !== undefined) {
      this.logger.warn(`webhooks: space name ${JSON.stringify(space)} cannot name a ledger file; not watched`);
      entry.stop = (): void => undefined;
      return;
    }
    // Alerts present now (the baseline of a fresh ledger), and those arriving while the ledger loads.
    const initial = scanAlerts(space, doc);
    const early: Alert[] = [];
    let state: SpaceState | undefined;
    const stopWatching = watchAlerts(
      space,
      doc,
      (alerts) => {
        if (state === undefined) early.push(...alerts);
        else this.consider(state, alerts, false);
      },
      (error) => this.logger.error(`webhooks: space "${space}": reading alerts failed: ${errorText(error)}`),
    );
    let stopped = false;
    entry.stop = (): void => {
      if (stopped) return;
      stopped = true;
      stopWatching();
    };
    this.stateFor(space).then(
      (loaded) => {
        if (this.closed) return;
        state = loaded;
        if (loaded.fresh) {
          loaded.fresh = false;
          this.consider(loaded, initial, true);
          void this.save(loaded);
          this.logger.info(`webhooks: first time for space "${space}": ${initial.length} alerts already in it marked as posted, not sent`);
        } else if (newlyCovered) {
          // Whatever it holds now arrived while no webhook covered it: the new ones start from here.
          this.consider(loaded, initial, true);
          this.logger.info(`webhooks: space "${space}" newly covered by a reload: the alerts already in it are not sent`);
        } else {
          this.consider(loaded, initial, false);
        }
        this.consider(loaded, early, false);
      },
      (error: unknown) => this.logger.error(`webhooks: space "${space}" is not watched: ${errorText(error)}`),
    );
  }

  /** Stops watching, stops retrying (pending deliveries stay in the ledgers), writes the ledgers. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    for (const entry of this.spaces.values()) entry.stop?.();
    this.spaces.clear();
    for (const queue of this.queues.values()) {
      if (queue.timer !== undefined) this.timers.clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.abort?.();
    }
    while (this.running.size > 0) await Promise.allSettled(Array.from(this.running));
    const states = await Promise.allSettled(Array.from(this.states.values()));
    for (const result of states) if (result.status === 'fulfilled') await result.value.saving;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise)).catch(() => undefined);
    return promise;
  }

  private stateFor(space: string): Promise<SpaceState> {
    let state = this.states.get(space);
    if (state === undefined) {
      state = this.track(this.loadState(space));
      this.states.set(space, state);
      // A failed load is retried the next time the space loads.
      state.catch(() => this.states.delete(space));
    }
    return state;
  }

  private async loadState(space: string): Promise<SpaceState> {
    const file = path.join(this.dir, `${space}.json`);
    const state: SpaceState = { space, file, handled: new Set(), pending: new Set(), fresh: false, dirty: false };
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${errorText(error)}`);
      state.fresh = true;
      this.loadedStates.set(space, state);
      return state;
    }
    let ledger: LedgerFile;
    try {
      ledger = JSON.parse(text) as LedgerFile;
      if (ledger.version !== LEDGER_VERSION || !Array.isArray(ledger.handled) || !Array.isArray(ledger.pending))
        throw new Error(`not a version ${LEDGER_VERSION} ledger`);
    } catch (error) {
      const aside = `${file}.corrupt-${this.now()}`;
      await fs.rename(file, aside);
      this.logger.error(
        `webhooks: ${file} is unreadable (${errorText(error)}); moved to ${aside}. Space "${space}" starts afresh: what it holds now is not posted`,
      );
      state.fresh = true;
      this.loadedStates.set(space, state);
      return state;
    }
    for (const key of ledger.handled) if (typeof key === 'string') state.handled.add(key);
    const dropped = new Map<string, number>();
    for (const delivery of ledger.pending) {
      if (!isDelivery(delivery)) continue;
      const queue = this.queues.get(delivery.webhook);
      if (queue === undefined || !webhookWants(queue.webhook, space, delivery.alert.kind)) {
        dropped.set(delivery.webhook, (dropped.get(delivery.webhook) ?? 0) + 1);
        continue;
      }
      state.pending.add(delivery);
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
  private consider(state: SpaceState, alerts: readonly Alert[], baseline: boolean): void {
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

  private enqueue(queue: Queue, delivery: Delivery, state: SpaceState): void {
    if (this.closed) return;
    queue.entries.add({ delivery, state });
    this.schedule(queue);
  }

  /** Sets the queue's one timer for its earliest delivery, unless an attempt is in flight. */
  private schedule(queue: Queue): void {
    if (this.closed || queue.retired === true || queue.abort !== undefined) return;
    let next: number | undefined;
    for (const { delivery } of queue.entries) if (next === undefined || delivery.nextAt < next) next = delivery.nextAt;
    if (queue.timer !== undefined && queue.timerAt === next) return;
    if (queue.timer !== undefined) this.timers.clearTimeout(queue.timer);
    queue.timer = undefined;
    queue.timerAt = next;
    if (next === undefined) return;
    queue.timer = this.timers.setTimeout(
      () => {
        queue.timer = undefined;
        queue.timerAt = undefined;
        this.runNext(queue);
      },
      Math.max(0, next - this.now()),
    );
  }

  private runNext(queue: Queue): void {
    if (this.closed || queue.retired === true || queue.abort !== undefined) return;
    const now = this.now();
    let due: { delivery: Delivery; state: SpaceState } | undefined;
    for (const entry of queue.entries) {
      if (entry.delivery.nextAt <= now && (due === undefined || entry.delivery.nextAt < due.delivery.nextAt)) due = entry;
    }
    if (due === undefined) {
      this.schedule(queue);
      return;
    }
    const entry = due;
    const controller = new AbortController();
    queue.abort = () => controller.abort();
    void this.track(this.attempt(queue, entry.delivery, entry.state, controller))
      .then(
        (finished) => {
          if (finished) queue.entries.delete(entry);
        },
        (error: unknown) => this.logger.error(`webhooks: "${queue.webhook.name}": ${errorText(error)}`),
      )
      .finally(() => {
        queue.abort = undefined;
        this.schedule(queue);
      });
  }

  /** One attempt; resolves true when the delivery is done (delivered or given up). */
  private async attempt(queue: Queue, delivery: Delivery, state: SpaceState, controller: AbortController): Promise<boolean> {
    const { webhook } = queue;
    const { alert } = delivery;
    const attempt = delivery.attempts + 1;
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    let timedOut = false;
    const timeout = this.timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let outcome: Outcome;
    try {
      const request = prepareRequest(webhook, alert, { deliveryId: deliveryId(alert), attempt, nowMs: this.now() });
      const response = await this.post(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const body = await response.text();
      outcome = classify(webhook, response.status, body, retryAfterMs(response.headers.get('retry-after'), this.now()));
    } catch (error) {
      // Aborted by close() (the delivery stays pending in the ledger) or by a reload that removed
      // the webhook (the delivery was dropped): not an attempt.
      if ((this.closed || queue.retired === true) && !timedOut) return false;
      outcome = { ok: false, retry: true, reason: timedOut ? `no answer within ${timeoutMs} ms` : `network error: ${errorText(error)}` };
    } finally {
      this.timers.clearTimeout(timeout);
    }
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

  /** Writes the space's ledger (coalescing writes); never rejects: a failed write is logged and tried again on the next change. */
  private save(state: SpaceState): Promise<void> {
    state.dirty = true;
    state.saving ??= this.track(this.saveLoop(state)).finally(() => {
      state.saving = undefined;
    });
    return state.saving;
  }

  private async saveLoop(state: SpaceState): Promise<void> {
    while (state.dirty) {
      state.dirty = false;
      const ledger: LedgerFile = {
        version: LEDGER_VERSION,
        space: state.space,
        handled: Array.from(state.handled),
        pending: Array.from(state.pending),
      };
      try {
        await writeAtomically(state.file, `${JSON.stringify(ledger)}\n`, this.options.fsync ?? true);
      } catch (error) {
        this.logger.error(`webhooks: writing ${state.file} failed: ${errorText(error)}`);
      }
    }
  }
}

/** tmp file + (fsync) + rename, so a reader sees the old ledger or the new one, never half of one. */
async function writeAtomically(file: string, text: string, fsync: boolean): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
