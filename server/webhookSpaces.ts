// The loaded spaces the webhook dispatcher (webhooks.ts) knows of, and the watch on those a
// webhook covers: the alerts a space holds when its watch starts are its baseline (handled,
// unsent, when its ledger is fresh or a reload newly covered it), those arriving while its ledger
// loads are kept, and every later one goes to the dispatcher. A space stays known until it unloads,
// so a reload that makes a webhook cover it starts watching it at once.
import type * as Y from 'yjs';
import { validateSpaceName } from '../src/store/localStore';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import type { Alert } from './alerts';
import { scanAlerts, watchAlerts } from './alerts';
import type { LedgerSpace } from './webhookLedger';

/** What the watch hands alerts to. */
export interface AlertSink {
  /** The space's ledger (loaded once). */
  ledgerOf(space: string): Promise<LedgerSpace>;
  /** New alerts of a space; `baseline`: mark them handled, unsent. */
  consider(state: LedgerSpace, alerts: readonly Alert[], baseline: boolean): void;
  save(state: LedgerSpace): void;
  isClosed(): boolean;
}

interface KnownSpace {
  readonly doc: Y.Doc;
  /** Set once watched: stops watching. */
  stop?: () => void;
}

export class WatchedSpaces {
  private readonly spaces = new Map<string, KnownSpace>();

  constructor(
    private readonly logger: Logger,
    private readonly sink: AlertSink,
  ) {}

  /** A space loaded; watched now when `covered`. The returned function forgets it (it unloaded). */
  attach(space: string, doc: Y.Doc, covered: boolean): () => void {
    const entry: KnownSpace = { doc };
    this.spaces.set(space, entry);
    if (covered) this.watch(space, entry);
    return () => {
      if (this.spaces.get(space) === entry) this.spaces.delete(space);
      entry.stop?.();
    };
  }

  /** After a reload: starts watching the known spaces `covers` now accepts and that were not watched. */
  watchNewlyCovered(covers: (space: string) => boolean): void {
    for (const [space, entry] of this.spaces) if (entry.stop === undefined && covers(space)) this.watch(space, entry, true);
  }

  /** Stops every watch and forgets every space. */
  stopAll(): void {
    for (const entry of this.spaces.values()) entry.stop?.();
    this.spaces.clear();
  }

  /**
   * Starts watching a loaded space: its ledger is loaded and its alerts considered.
   * `newlyCovered` (a reload made a webhook cover it while loaded): what it holds now is marked
   * handled, unsent, as for a space seen for the first time, even when an older ledger exists.
   */
  private watch(space: string, entry: KnownSpace, newlyCovered = false): void {
    const { doc } = entry;
    if (validateSpaceName(space) !== undefined) {
      this.logger.warn(`webhooks: space name ${JSON.stringify(space)} cannot name a ledger file; not watched`);
      entry.stop = (): void => undefined;
      return;
    }
    // Alerts present now (the baseline of a fresh ledger), and those arriving while the ledger loads.
    const initial = scanAlerts(space, doc);
    const early: Alert[] = [];
    let state: LedgerSpace | undefined;
    const stopWatching = watchAlerts(
      space,
      doc,
      (alerts) => {
        if (state === undefined) early.push(...alerts);
        else this.sink.consider(state, alerts, false);
      },
      (error) => this.logger.error(`webhooks: space "${space}": reading alerts failed: ${errorText(error)}`),
    );
    let stopped = false;
    entry.stop = (): void => {
      if (stopped) return;
      stopped = true;
      stopWatching();
    };
    this.sink.ledgerOf(space).then(
      (loaded) => {
        if (this.sink.isClosed()) return;
        state = loaded;
        if (loaded.fresh) {
          loaded.fresh = false;
          this.sink.consider(loaded, initial, true);
          this.sink.save(loaded);
          this.logger.info(`webhooks: first time for space "${space}": ${initial.length} alerts already in it marked as posted, not sent`);
        } else if (newlyCovered) {
          // Whatever it holds now arrived while no webhook covered it: the new ones start from here.
          this.sink.consider(loaded, initial, true);
          this.logger.info(`webhooks: space "${space}" newly covered by a reload: the alerts already in it are not sent`);
        } else {
          this.sink.consider(loaded, initial, false);
        }
        this.sink.consider(loaded, early, false);
      },
      (error: unknown) => this.logger.error(`webhooks: space "${space}" is not watched: ${errorText(error)}`),
    );
  }
}
