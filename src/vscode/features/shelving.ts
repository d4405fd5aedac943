// Runs the archive shelves' moving pass (src/sync/shelving.ts) for the open replica: records closed
// at least `liaison.archive.shelveAfterDays` days ago leave the active documents for their monthly
// shelves, and shelved records reopened since come back. A pass runs once the replica is open
// (after its first sync with the server, or a few seconds after opening when offline), then every
// 6 hours, and soon after an event was appended to a shelved record here (a Reopen from the
// Archive view), so the record is back in Pending without waiting hours.
//
// Passes run one at a time. A pass never throws into the UI: what it moved and any error go to the
// output channel. A pass is skipped when the replica was reopened since it was asked for; one cut
// short by a reopen is finished by the next pass (every step of the move is crash-safe).
import type * as Y from 'yjs';
import type * as vscode from 'vscode';
import { archiveReturns } from '../../store/shelves';
import type { Replica } from '../../sync/replica';
import { DEFAULT_AFTER_DAYS } from '../../sync/shelving';
import type { ShelvingResult } from '../../sync/shelving';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { SETTINGS } from '../settingKeys';
import { readShelveAfterDays } from '../settings';

/** Offline there is no first sync to wait for: let start-up settle first. */
const FIRST_PASS_OFFLINE_MS = 5_000;
/** With a server, wait at most this long for the first sync before the first pass. */
const FIRST_SYNC_WAIT_MS = 30_000;
const EVERY_MS = 6 * 3_600_000;
/** After a local event on a shelved record: gather a burst of them into one pass. */
const RETURN_DEBOUNCE_MS = 2_000;

export class Shelving extends Disposable {
  private followed: Replica | undefined;
  private releases: (() => void)[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly services: Services) {
    super();
    this.register(services.onDidChangeRecords(() => this.follow()));
    this.follow();
  }

  /**
   * Runs a pass now (after the one running, if any) with the current setting. Resolves with what
   * moved, or undefined when no pass ran (no replica, reopened meanwhile, or it failed: see the log).
   */
  async shelveNow(): Promise<ShelvingResult | undefined> {
    if (this.closed) return undefined;
    await this.services.ready().catch(() => undefined);
    this.follow();
    return this.queue(this.services.replica);
  }

  /** Starts the schedule for the services' replica when it is another one than followed. */
  private follow(): void {
    const replica = this.services.replica;
    if (this.closed || replica === this.followed) return;
    this.stopFollowing();
    this.followed = replica;
    if (!replica) return;
    const timers: ReturnType<typeof setTimeout>[] = [];
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const soon = (): void => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = undefined;
        void this.queue(replica);
      }, RETURN_DEBOUNCE_MS);
    };
    this.releases.push(() => {
      for (const timer of timers) clearTimeout(timer);
      if (debounce) clearTimeout(debounce);
    });
    if (replica.server && !replica.serverProblem) {
      void replica
        .whenSynced(FIRST_SYNC_WAIT_MS)
        .catch(() => undefined)
        .then(() => {
          if (this.followed === replica) void this.queue(replica);
        });
    } else {
      timers.push(setTimeout(() => void this.queue(replica), FIRST_PASS_OFFLINE_MS));
    }
    const every = setInterval(() => void this.queue(replica), EVERY_MS);
    this.releases.push(() => clearInterval(every));
    for (const space of replica.spaceNames) {
      const doc = replica.doc(space);
      if (!doc) continue;
      const returns = archiveReturns(doc);
      // A return check added here (an event appended to a shelved record): move it back soon.
      const observer = (event: Y.YMapEvent<unknown>): void => {
        if (!event.transaction.local) return;
        if ([...event.changes.keys.values()].some((change) => change.action !== 'delete')) soon();
      };
      returns.observe(observer);
      this.releases.push(() => returns.unobserve(observer));
    }
  }

  private stopFollowing(): void {
    for (const release of this.releases) release();
    this.releases = [];
    this.followed = undefined;
  }

  private queue(replica: Replica | undefined): Promise<ShelvingResult | undefined> {
    const next = this.running.then(() => this.pass(replica));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async pass(replica: Replica | undefined): Promise<ShelvingResult | undefined> {
    const { logger } = this.services;
    if (this.closed || !replica || replica !== this.services.replica) return undefined;
    const configured = readShelveAfterDays();
    if (configured === undefined)
      logger.warn(`archive shelves: the setting ${SETTINGS.shelveAfterDays} must be a number of days ≥ 0; using ${DEFAULT_AFTER_DAYS}`);
    const afterDays = configured ?? DEFAULT_AFTER_DAYS;
    try {
      const result = await replica.shelve({ afterDays });
      if (result.shelved + result.returned === 0)
        logger.info(`archive shelves: nothing to move (records closed ${afterDays} or more days ago are shelved)`);
      else
        logger.info(
          `archive shelves: ${result.shelved} closed record(s) moved to shelves, ${result.returned} reopened record(s) back to the active space (${result.months.join(', ')})`,
        );
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (replica !== this.services.replica)
        logger.info(`archive shelves: the pass stopped because the spaces were reopened (${message}); the next pass finishes it`);
      else logger.error(`archive shelves: the moving pass failed: ${message}`);
      return undefined;
    }
  }

  override dispose(): void {
    this.closed = true;
    this.stopFollowing();
    super.dispose();
  }
}

export function register(context: vscode.ExtensionContext, services: Services): Shelving {
  const shelving = new Shelving(services);
  context.subscriptions.push(shelving);
  return shelving;
}
