// A task that many requests share: it runs `delayMs` after the first request, at most once every
// `minIntervalMs`, and every request made while it waits or runs is served by the next run. Used
// for what a purge costs the server (room.ts: the forgetting compaction; restoreKeeper.ts: purging
// the restore points): twenty purge entries in a row are one compaction, not twenty.
import { errorText } from '../src/util/errors';

export interface CoalescedTaskOptions {
  readonly delayMs: number;
  readonly minIntervalMs: number;
  readonly onError: (message: string) => void;
}

export class CoalescedTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private requested = false;
  private lastEnd = -Infinity;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly options: CoalescedTaskOptions,
  ) {}

  /** Asks for a run; served by the next one that starts after this call. */
  request(): void {
    if (this.stopped) return;
    this.requested = true;
    this.schedule();
  }

  /** Runs what was requested now (no delay), and resolves once no run is pending or running. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running !== undefined || this.requested) {
      if (this.running === undefined) this.start();
      await this.running;
    }
  }

  /** Runs what is pending, then accepts no more requests. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.running !== undefined) return;
    const wait = Math.max(this.options.delayMs, this.lastEnd + this.options.minIntervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
    this.timer.unref?.();
  }

  private start(): void {
    if (!this.requested || this.running !== undefined) return;
    this.requested = false;
    this.running = this.task()
      .catch((error: unknown) => this.options.onError(errorText(error)))
      .finally(() => {
        this.running = undefined;
        this.lastEnd = performance.now();
        if (this.requested && !this.stopped) this.schedule();
      });
  }
}
