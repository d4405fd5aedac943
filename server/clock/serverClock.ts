// The server keeps the clock: at start and every `intervalMs` (default a minute), it runs the
// response-time rules for every space in its data folder, loaded or not (spaceSweep.ts), with
// nobody connected. One sweep at a time; spaces one after another; within a space the work is cut
// into slices of `sliceMs` with a turn of the event loop between them, so a sweep never stalls
// the rooms people are working in. Time comes from `now` (tests move it; `liaison serve` uses the
// system clock).
import type * as Y from 'yjs';
import type { NotificationSettings } from '../../src/domain/notifySchedule';
import { parseShelfName } from '../../src/store/shelves';
import { errorText } from '../../src/util/errors';
import type { Logger } from '../../src/util/logger';
import type { MetricFamily } from '../metrics';
import { Counter } from '../metrics';
import type { Notice } from '../notify/notice';
import type { SweepHost } from './spaceSweep';
import { sweepSpace } from './spaceSweep';

/** What the clock needs of the server (SyncServer has it). */
export interface ClockServer extends SweepHost {
  spaceNames(): Promise<string[]>;
  useSpace<T>(space: string, fn: (doc: Y.Doc) => Promise<T>, options?: { unloadWhenIdle?: boolean }): Promise<T>;
}

export interface ClockNotifier {
  notify(notices: readonly Notice[], settings?: NotificationSettings): Promise<unknown>;
  channelsOf(person: { name: string }, urgent: boolean): string[];
}

export interface ServerClockOptions {
  readonly server: ClockServer;
  readonly logger: Logger;
  /** The reminders' notices go here; without it the history still gets the reminders. */
  readonly notifier?: ClockNotifier;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** Between the starts of two sweeps. Default 60 s. */
  readonly intervalMs?: number;
  /** Longest run between two turns of the event loop. Default 8 ms. */
  readonly sliceMs?: number;
  /** The server's reminders this recent are asked of the notifier again (default 15 min). */
  readonly renotifyMs?: number;
}

export interface SweepResult {
  readonly spaces: number;
  readonly records: number;
  readonly appended: number;
  readonly notices: number;
  /** Spaces whose sweep failed (logged). */
  readonly failed: number;
  readonly ms: number;
}

export const DEFAULT_CLOCK_INTERVAL_MS = 60_000;

export class ServerClock {
  private readonly now: () => Date;
  private readonly intervalMs: number;
  private readonly sliceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;
  private closed = false;
  private readonly warned = new Set<string>();
  private readonly sweepsDone = new Counter();
  private readonly appendedTotal = new Counter('type');
  private readonly failedTotal = new Counter();
  private lastSweepSeconds = 0;

  constructor(private readonly options: ServerClockOptions) {
    this.now = options.now ?? ((): Date => new Date());
    this.intervalMs = options.intervalMs ?? DEFAULT_CLOCK_INTERVAL_MS;
    this.sliceMs = options.sliceMs ?? 8;
  }

  /** Sweeps now, then every intervalMs. */
  start(): void {
    if (this.closed || this.timer !== undefined) return;
    const tick = (): void => {
      void this.sweep().finally(() => {
        if (!this.closed) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One sweep over every space (joins the one running, if any). Never rejects: failures are logged and counted. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the schedule and waits for the sweep in progress (it stops between spaces). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async sweepAll(): Promise<SweepResult> {
    const started = performance.now();
    const { server, logger, notifier } = this.options;
    let spaces = 0;
    let records = 0;
    let appended = 0;
    let notices = 0;
    let failed = 0;
    let names: string[] = [];
    try {
      names = (await server.spaceNames()).filter((name) => parseShelfName(name) === undefined);
    } catch (error) {
      logger.error(`clock: listing the spaces failed: ${errorText(error)}`);
    }
    let sliceStart = performance.now();
    const pause = async (): Promise<void> => {
      if (performance.now() - sliceStart < this.sliceMs) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    };
    const host: SweepHost = {
      change: (space, origin, fn) => server.change(space, origin, fn),
      channelsOf: notifier === undefined ? undefined : (person, urgent) => notifier.channelsOf(person, urgent),
    };
    for (const name of names) {
      if (this.closed) break;
      try {
        const now = this.now();
        const result = await server.useSpace(
          name,
          (doc) => sweepSpace(host, name, doc, { now, pause, sliceMs: this.sliceMs, renotifyMs: this.options.renotifyMs ?? 15 * 60_000 }),
          { unloadWhenIdle: true },
        );
        spaces++;
        records += result.records;
        appended += result.appended.length;
        for (const event of result.appended) this.appendedTotal.inc(1, event.type);
        for (const warning of result.warnings) this.warnOnce(warning);
        for (const event of result.appended)
          logger.info(`clock: space "${name}": ${event.type} ${event.id} → ${(event.to ?? []).join(', ') || '(nobody)'}`);
        if (notifier !== undefined && result.notices.length > 0) {
          notices += result.notices.length;
          await notifier.notify(result.notices, result.settings);
        }
      } catch (error) {
        failed++;
        logger.error(`clock: space "${name}": the sweep failed: ${errorText(error)}`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    const ms = performance.now() - started;
    this.sweepsDone.inc();
    this.failedTotal.inc(failed);
    this.lastSweepSeconds = ms / 1000;
    if (appended > 0 || failed > 0)
      logger.info(`clock: swept ${spaces} spaces, ${records} records in ${ms.toFixed(0)} ms: ${appended} follow-ups appended`);
    return { spaces, records, appended, notices, failed, ms };
  }

  /** Sweeps finished since start. */
  get sweeps(): number {
    return this.sweepsDone.get();
  }

  /** Families for /metrics (ServerMetrics.addSource). */
  renderMetrics(family: MetricFamily): void {
    family(
      'liaison_clock_sweeps_total',
      'counter',
      'Sweeps of the server clock over every space.',
      this.sweepsDone.render('liaison_clock_sweeps_total'),
    );
    family(
      'liaison_clock_followups_total',
      'counter',
      'Reminders and escalations the server clock appended, by event type.',
      this.appendedTotal.render('liaison_clock_followups_total'),
    );
    family(
      'liaison_clock_space_failures_total',
      'counter',
      'Spaces whose sweep failed (logged).',
      this.failedTotal.render('liaison_clock_space_failures_total'),
    );
    family('liaison_clock_last_sweep_seconds', 'gauge', 'How long the last sweep took.', [
      `liaison_clock_last_sweep_seconds ${this.lastSweepSeconds}`,
    ]);
  }

  private warnOnce(line: string): void {
    if (this.warned.has(line)) return;
    this.warned.add(line);
    this.options.logger.warn(`clock: ${line}`);
  }
}
