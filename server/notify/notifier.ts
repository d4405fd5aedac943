// The notifier: turns notices (notice.ts) into deliveries (noticeEntries.ts: which channels,
// when, which directory fields are refused), records them in the outbox's ledger
// (outboxLedger.ts) before anything is sent, and sends them over e-mail, DingTalk, Feishu or a
// person's webhook (channels/), with retries, quiet hours and digests.
//  - Entries that waited (quiet hours, the digest) and are claimed together for one address go
//    as one message listing them all (a digest entry; the members become `bundled`).
//  - Retries (webhookAttempt.ts's policy): 1 s doubling to 10 min, ×0.75–1.25, 12 attempts; a
//    permanent error (550 no such mailbox, DingTalk 33012 invalid userid, Feishu 230001) stops at
//    once. Either way the entry keeps its last error; `onOutcome` hears of it.
//  - Never twice: a delivery's id is derived from what it announces, the ledger adds an id once,
//    and a notice whose event is older than `maxAgeMs` (48 h) is not sent at all, which is less
//    than the ledger keeps finished ids (7 days). What a crash leaves unknown: outboxLedger.ts.
//  - close() lets the sends in flight finish and records them (aborting would leave their
//    outcome unknown, and a restart would send them again).
// Logs name the person, the channel and the record, never a token, password or link.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_CALENDAR } from '../../src/domain/calendar';
import type { NotificationSettings } from '../../src/domain/notifySchedule';
import { defaultNotificationSettings } from '../../src/domain/notifySchedule';
import type { ChannelKind, PersonContact } from '../../src/domain/personChannels';
import { personChannels } from '../../src/domain/personChannels';
import { errorText } from '../../src/util/errors';
import type { Logger } from '../../src/util/logger';
import { silentLogger } from '../../src/util/logger';
import type { Counter, MetricFamily } from '../metrics';
import type { Outcome, RetryPolicy, Timers } from '../webhookAttempt';
import { defaultRetryPolicy, realTimers, retryDelayMs } from '../webhookAttempt';
import type { ChannelSender } from './channels/channel';
import { buildSenders } from './channels/senders';
import { FileOutbox } from './fileOutbox';
import type { Delivery, Notice } from './notice';
import { digestIdOf } from './notice';
import type { NotifyConfig } from './notifyConfig';
import { describeNotifyConfig, sameNotifyConfig } from './notifyConfig';
import type { NotifyLinks } from './notifyText';
import { renderMessage } from './notifyText';
import { chosenChannels, entriesOfNotices } from './noticeEntries';
import { NotifyMetrics } from './notifyMetrics';
import type { NotificationLedger, OutboxEntry } from './outboxLedger';

export interface NotifierOptions {
  readonly config: NotifyConfig;
  /** The server's data folder: the default ledger's journal goes in `<dataDir>/notify/`. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Default: a FileOutbox in `dataDir`. */
  readonly ledger?: NotificationLedger;
  /** The portal's links; without them a message says where the record is in the editor. */
  readonly links?: NotifyLinks;
  /** Epoch ms. Default Date.now. */
  readonly now?: () => number;
  readonly timers?: Timers;
  /** In [0, 1), for jitter. */
  readonly random?: () => number;
  readonly retry?: Partial<RetryPolicy>;
  /** A notice whose event is older than this when asked for is not sent. Default 48 h. */
  readonly maxAgeMs?: number;
  /** One attempt's limit (an SMTP socket idles three times this). Default 10 s. */
  readonly timeoutMs?: number;
  /** Sends in flight at once. Default 4. */
  readonly concurrency?: number;
  /** The ledger is looked at at least this often (a shared ledger gets entries from others). Default 60 s. */
  readonly pollMs?: number;
  /** Scheduling when `notify` is given none: the default policy in the default calendar's zone. */
  readonly settings?: NotificationSettings;
  /** After a delivery is sent or fails for good (the record's history may say so). */
  readonly onOutcome?: (entry: OutboxEntry) => void;
  readonly fsync?: boolean;
}

export interface NotifyResult {
  /** Deliveries recorded now (new ids). */
  readonly queued: number;
  /** Channel fields refused (bad addresses), recorded as failed. */
  readonly refused: number;
  /** Notices older than maxAge. */
  readonly old: number;
  /** Notices for people with no channel the server can send on. */
  readonly unreachable: number;
}

const CLAIM_BATCH = 100;
const LOGGED_LIMIT = 10_000;

export class Notifier {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly ledger: NotificationLedger;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private config: NotifyConfig;
  private senders: Map<ChannelKind, ChannelSender>;
  private readonly queue: OutboxEntry[] = [];
  /** Ids of the entries being attempted now. */
  private readonly active = new Set<string>();
  private inFlight = 0;
  private claiming = false;
  private timer: unknown;
  private timerAt: number | undefined;
  private started = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly running = new Set<Promise<unknown>>();
  /** Unreachable people already logged (by delivery id), so a sweep repeating a notice does not repeat the line. */
  private readonly logged = new Set<string>();
  readonly metrics = new NotifyMetrics();

  constructor(private readonly options: NotifierOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.ledger = options.ledger ?? new FileOutbox({ dataDir: options.dataDir, logger: this.logger, now: this.now, fsync: options.fsync });
    this.config = options.config;
    this.senders = buildSenders(options.config, this.now, this.timeoutMs);
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  /** Opens the ledger and resumes what it holds. Call once, before notify(). Rejects when the ledger cannot be opened. */
  async start(): Promise<void> {
    await this.ledger.open();
    this.started = true;
    await this.refreshCounts();
    this.logger.info(`notify: ${describeNotifyConfig(this.config)}; ${this.metrics.outbox.pending} deliveries waiting in the outbox`);
    this.pump();
  }

  /**
   * Records a delivery for every channel each notice should go on (see the header) and resolves
   * once they are durable; sending follows. A notice asked for again is not recorded again.
   */
  async notify(notices: readonly Notice[], settings?: NotificationSettings): Promise<NotifyResult> {
    if (!this.started || this.closed) throw new Error('notify: the notifier is not running');
    const now = this.now();
    const maxAge = this.options.maxAgeMs ?? 48 * 60 * 60_000;
    const schedule = settings ?? this.options.settings ?? defaultNotificationSettings(DEFAULT_CALENDAR.timeZone);
    const plan = entriesOfNotices(notices, { now, maxAgeMs: maxAge, settings: schedule, canSend: (channel) => this.senders.has(channel) });
    for (const { notice, channels } of plan.unreachable) {
      const given =
        channels.length === 0
          ? 'none in the directory'
          : `the directory gives ${channels.map((c) => c.channel).join(', ')}; not configured here`;
      this.logOnce(
        `${notice.space}\n${notice.recordId}\n${notice.eventId}\n${notice.person.name}`,
        `notify: ${notice.person.name} has no channel this server can send on (${given}); ${notice.kind} of record ${notice.recordId} in space "${notice.space}" not sent`,
      );
    }
    this.metrics.old.inc(plan.old);
    this.metrics.unreachable.inc(plan.unreachable.length);
    const entries = plan.entries;
    const added = await this.track(this.ledger.add(entries, now));
    let refused = 0;
    for (const entry of added) {
      if (entry.state !== 'failed') continue;
      refused++;
      this.metrics.refused.inc(1, entry.delivery.channel);
      this.logger.error(`notify: ${entry.lastError ?? 'refused'} (record ${entry.delivery.notices[0].recordId})`);
      this.options.onOutcome?.(entry);
    }
    void this.refreshCounts();
    this.pump();
    return { queued: added.length - refused, refused, old: plan.old, unreachable: plan.unreachable.length };
  }

  /** The channels a notice to `person` would go on now (what the record's history says it was sent by). */
  channelsOf(person: PersonContact, urgent: boolean): ChannelKind[] {
    return chosenChannels(personChannels(person).channels, urgent, (channel) => this.senders.has(channel)).map((entry) => entry.channel);
  }

  /** Puts a new config in force (a reload): changed channels get new senders; the ledger is untouched. */
  setConfig(config: NotifyConfig): void {
    if (this.closed || sameNotifyConfig(config, this.config)) return;
    const previous = this.senders;
    this.config = config;
    this.senders = buildSenders(config, this.now, this.timeoutMs);
    // In-flight sends keep the sender they started with; the old ones close after them.
    void this.track(Promise.allSettled([...previous.values()].map((sender) => sender.close())));
    this.logger.info(`notify: config reloaded: ${describeNotifyConfig(config)}`);
    this.pump();
  }

  /** The ledger's entry for `id` (a delivery's state, attempts and last error). */
  entry(id: string): Promise<OutboxEntry | undefined> {
    return this.ledger.get(id);
  }

  /** Families for /metrics (ServerMetrics.addSource). */
  renderMetrics(family: MetricFamily): void {
    this.metrics.render(family);
  }

  /** Stops claiming, lets the sends in flight finish and records them, closes the ledger. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    // Claimed but not started: back to the ledger's care (a restart ends their lease).
    this.queue.length = 0;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await Promise.allSettled([...this.senders.values()].map((sender) => sender.close()));
    if (this.started) await this.ledger.close();
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise)).catch(() => undefined);
    return promise;
  }

  private logOnce(key: string, line: string): void {
    if (this.logged.has(key)) return;
    if (this.logged.size >= LOGGED_LIMIT) this.logged.clear();
    this.logged.add(key);
    this.logger.warn(line);
  }

  private async refreshCounts(): Promise<void> {
    try {
      this.metrics.outbox = await this.ledger.counts();
    } catch {
      // The gauge keeps its last value.
    }
  }

  /** Starts sends while workers are free: from the local queue, else from a new claim. */
  private pump(): void {
    if (this.closed || !this.started) return;
    const concurrency = this.options.concurrency ?? 4;
    while (this.inFlight < concurrency && this.queue.length > 0) {
      const entry = this.queue.shift() as OutboxEntry;
      this.inFlight++;
      this.active.add(entry.delivery.id);
      void this.track(this.attempt(entry))
        .catch((error: unknown) => this.logger.error(`notify: ${errorText(error)}`))
        .finally(() => {
          this.inFlight--;
          this.active.delete(entry.delivery.id);
          this.pump();
        });
    }
    if (this.inFlight >= concurrency || this.queue.length > 0 || this.claiming) return;
    this.claiming = true;
    void this.track(this.claimMore())
      .catch((error: unknown) => this.logger.error(`notify: reading the outbox failed: ${errorText(error)}`))
      .finally(() => {
        this.claiming = false;
        if (this.queue.length > 0) this.pump();
        else void this.schedule();
      });
  }

  private async claimMore(): Promise<void> {
    const now = this.now();
    const leaseMs = Math.max(10 * 60_000, this.timeoutMs * 10);
    // An entry of ours whose lease ran out while its attempt is still under way (a clock that
    // jumped, a send slower than the lease) is left to that attempt.
    const claimed = (await this.ledger.claim(this.owner, now, CLAIM_BATCH, leaseMs)).filter((entry) => !this.active.has(entry.delivery.id));
    if (claimed.length === 0 || this.closed) return;
    // What waited (quiet hours, the digest) goes as one message per address.
    const groups = new Map<string, OutboxEntry[]>();
    for (const entry of claimed) {
      const key = entry.bundle ? `${entry.delivery.channel}\n${entry.delivery.address}` : `\0${entry.delivery.id}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const members of groups.values()) {
      if (members.length === 1) {
        this.queue.push(members[0]);
        continue;
      }
      const first = members[0].delivery;
      const notices = members.flatMap((member) => member.delivery.notices).sort((a, b) => a.at.localeCompare(b.at));
      const ids = members.map((member) => member.delivery.id);
      const delivery: Delivery = { ...first, id: digestIdOf(first.channel, first.address, ids), notices };
      const eventAt = Math.min(...members.map((member) => member.eventAt));
      const digest = await this.ledger.bundle(this.owner, { delivery, nextAt: now, bundle: false, eventAt }, ids, now, leaseMs);
      if (digest !== undefined) {
        this.queue.push(digest);
        continue;
      }
      // A member changed meanwhile: what is still ours goes on its own.
      for (const id of ids) {
        const member = await this.ledger.get(id);
        if (member?.state === 'sending' && member.owner === this.owner) this.queue.push(member);
      }
    }
  }

  /** Sets the one timer for the earliest due entry (at most pollMs away). */
  private async schedule(): Promise<void> {
    if (this.closed) return;
    const due = await this.ledger.nextDue().catch(() => undefined);
    if (this.closed) return;
    const now = this.now();
    const at = Math.min(due ?? Number.POSITIVE_INFINITY, now + (this.options.pollMs ?? 60_000));
    if (this.timer !== undefined && this.timerAt === at) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        this.pump();
      },
      Math.max(0, at - now),
    );
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const { delivery } = entry;
    const attempt = entry.attempts + 1;
    const sender = this.senders.get(delivery.channel);
    const first = delivery.notices[0];
    const what = `${delivery.notices.length > 1 ? `digest of ${delivery.notices.length} notices` : `${first.kind} of record ${first.recordId} in space "${first.space}"`} to ${delivery.person} by ${delivery.channel}`;
    let outcome: Outcome;
    if (sender === undefined) {
      outcome = {
        ok: false,
        retry: true,
        reason: `${delivery.channel} is not configured on this server now; add "${delivery.channel}" to the config file`,
      };
    } else {
      try {
        outcome = await sender.send(delivery, renderMessage(delivery, this.options.links, this.now()), new AbortController().signal);
      } catch (error) {
        outcome = { ok: false, retry: true, reason: errorText(error) };
      }
    }
    const now = this.now();
    const final = outcome.ok || !outcome.retry || attempt >= this.policy.maxAttempts;
    let recorded: boolean;
    let counter: Counter;
    if (outcome.ok) {
      recorded = await this.ledger.complete(this.owner, delivery.id, attempt, now);
      this.logger.info(`notify: sent ${what} (attempt ${attempt})`);
      counter = this.metrics.sent;
    } else if (final) {
      recorded = await this.ledger.fail(this.owner, delivery.id, attempt, outcome.reason, undefined, now);
      this.logger.error(
        outcome.retry
          ? `notify: gave up on ${what} after ${attempt} attempts; last: ${outcome.reason}`
          : `notify: ${what} refused: ${outcome.reason}; not tried again`,
      );
      counter = this.metrics.failed;
    } else {
      const delay = Math.min(this.policy.maxDelayMs, Math.max(retryDelayMs(attempt, this.policy, this.random), outcome.retryAfterMs ?? 0));
      recorded = await this.ledger.fail(this.owner, delivery.id, attempt, outcome.reason, now + delay, now);
      this.logger.warn(`notify: attempt ${attempt} of ${what} failed: ${outcome.reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
      counter = this.metrics.retried;
    }
    // Counted once recorded and logged, so whoever reads the count finds both.
    counter.inc(1, delivery.channel);
    if (!recorded) this.logger.warn(`notify: the lease on ${what} was lost before its outcome was recorded; another owner will send it`);
    else if (final) {
      const done = await this.ledger.get(delivery.id);
      if (done !== undefined) this.options.onOutcome?.(done);
    }
    void this.refreshCounts();
  }
}
