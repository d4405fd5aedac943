// Runs the archive shelves' moving pass (src/sync/shelving.ts) for the open replica: records closed
// at least `liaison.archive.shelveAfterDays` days ago leave the active documents for their monthly
// shelves, and shelved records reopened since come back. A pass runs once the replica is open
// (after its first sync with the server, or a few seconds after opening when offline), then every
// 6 hours, and soon after an event was appended to a shelved record here (a Reopen from the
// Archive view), so the record is back in Pending without waiting hours.
//
// Passes run one at a time. A pass never throws into the UI: what it moved and any error go to the
// output channel. The schedule lives in the replica's scope; a pass asked for a replica that has
// closed since is skipped, and one cut short by a reopen is finished by the next pass (every step of
// the move is crash-safe).
import type * as Y from 'yjs';
import type * as vscode from 'vscode';
import { archiveReturns } from '../../store/shelves';
import { DEFAULT_AFTER_DAYS } from '../../sync/shelving';
import type { ShelvingResult } from '../../sync/shelving';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { SETTINGS } from '../settingKeys';
import { readShelveAfterDays } from '../settings';
import type { ReplicaScope } from '../shared/replicaScope';

/** Offline there is no first sync to wait for: let start-up settle first. */
const FIRST_PASS_OFFLINE_MS = 5_000;
/** With a server, wait at most this long for the first sync before the first pass. */
const FIRST_SYNC_WAIT_MS = 30_000;
const EVERY_MS = 6 * 3_600_000;
/** After a local event on a shelved record: gather a burst of them into one pass. */
const RETURN_DEBOUNCE_MS = 2_000;

export class Shelving extends Disposable {
  /** The scope of the replica opened last: passes run on its replica. */
  private scope: ReplicaScope | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopSchedule: (() => void) | undefined;
  private closed = false;

  constructor(private readonly services: Services) {
    super();
    this.register(services.onDidOpenReplica((scope) => this.follow(scope)));
  }

  /**
   * Runs a pass now (after the one running, if any) with the current setting. Resolves with what
   * moved, or undefined when no pass ran (no replica, reopened meanwhile, or it failed: see the log).
   */
  async shelveNow(): Promise<ShelvingResult | undefined> {
    if (this.closed) return undefined;
    await this.services.ready().catch(() => undefined);
    return this.queue(this.scope);
  }

  /** Starts the schedule for a newly opened replica; its scope stops it. */
  private follow(scope: ReplicaScope): void {
    if (this.closed) return;
    this.scope = scope;
    const replica = scope.replica;
    const timers: ReturnType<typeof setTimeout>[] = [];
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const soon = (): void => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = undefined;
        void this.queue(scope);
      }, RETURN_DEBOUNCE_MS);
    };
    const releases: (() => void)[] = [
      () => {
        for (const timer of timers) clearTimeout(timer);
        if (debounce) clearTimeout(debounce);
      },
    ];
    const stop = (): void => releases.splice(0).forEach((release) => release());
    // Stopped when the replica closes, or when the feature is disposed first.
    const remove = scope.add(stop);
    this.stopSchedule = () => {
      remove();
      stop();
    };
    if (replica.server && !replica.serverProblem) {
      void replica
        .whenSynced(FIRST_SYNC_WAIT_MS)
        .catch(() => undefined)
        .then(() => this.queue(scope));
    } else {
      timers.push(setTimeout(() => void this.queue(scope), FIRST_PASS_OFFLINE_MS));
    }
    const every = setInterval(() => void this.queue(scope), EVERY_MS);
    releases.push(() => clearInterval(every));
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
      releases.push(() => returns.unobserve(observer));
    }
  }

  private queue(scope: ReplicaScope | undefined): Promise<ShelvingResult | undefined> {
    const next = this.running.then(() => this.pass(scope));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async pass(scope: ReplicaScope | undefined): Promise<ShelvingResult | undefined> {
    const { logger } = this.services;
    // Asked for a replica that has closed since (or none): nothing to move there.
    if (this.closed || !scope?.isOpen) return undefined;
    const configured = readShelveAfterDays();
    if (configured === undefined)
      logger.warn(`archive shelves: the setting ${SETTINGS.shelveAfterDays} must be a number of days ≥ 0; using ${DEFAULT_AFTER_DAYS}`);
    const afterDays = configured ?? DEFAULT_AFTER_DAYS;
    try {
      const result = await scope.replica.shelve({ afterDays });
      if (result.shelved + result.returned === 0)
        logger.info(`archive shelves: nothing to move (records closed ${afterDays} or more days ago are shelved)`);
      else
        logger.info(
          `archive shelves: ${result.shelved} closed record(s) moved to shelves, ${result.returned} reopened record(s) back to the active space (${result.months.join(', ')})`,
        );
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!scope.isOpen)
        logger.info(`archive shelves: the pass stopped because the spaces were reopened (${message}); the next pass finishes it`);
      else logger.error(`archive shelves: the moving pass failed: ${message}`);
      return undefined;
    }
  }

  override dispose(): void {
    this.closed = true;
    this.stopSchedule?.();
    super.dispose();
  }
}

export function register(context: vscode.ExtensionContext, services: Services): Shelving {
  const shelving = new Shelving(services);
  context.subscriptions.push(shelving);
  return shelving;
}
