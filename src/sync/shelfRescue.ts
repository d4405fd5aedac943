// The rescue of events that a peer's move would otherwise drop (ARCHITECTURE.md "Archive
// shelves", Concurrency): when a remote change deletes or replaces a record in a document here,
// the removed copy is queued; where the record lives now, the events it lacks are added, and when
// it lives nowhere this replica can see, this replica's copy is put back (a duplicate the next
// pass repairs). Records named in a purge log are left alone: purged means gone.
import type * as Y from 'yjs';
import { foldLifecycle } from '../domain/lifecycle';
import type { LiaisonRecord } from '../domain/record';
import { purgeLog } from '../store/purge';
import { getRecord, putRecord } from '../store/recordsDoc';
import { archiveReturns, monthOf, returnKey, shelfName } from '../store/shelves';
import type { ArchiveHost, ShelfEntries } from './shelfEntries';
import { copyInto, missingEvents } from './shelving';

interface Rescue {
  space: string;
  /** Month of the shelf it was removed from; undefined for the active document. */
  fromMonth?: string;
  record: LiaisonRecord;
}

export class ShelfRescue {
  private rescues: Rescue[] = [];
  private rescuing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly host: ArchiveHost,
    private readonly shelves: ShelfEntries,
  ) {}

  /** A peer removed `record` from `space`'s active document (`fromMonth` undefined) or from its shelf of that month. */
  queue(space: string, record: LiaisonRecord, fromMonth?: string): void {
    if (this.closed) return;
    this.rescues.push(fromMonth === undefined ? { space, record } : { space, fromMonth, record });
    this.schedule();
  }

  /** Retries what could not finish, then resolves once every queued rescue has run. */
  async settle(): Promise<void> {
    this.schedule();
    await this.rescuing;
  }

  close(): void {
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.rescues.length === 0 || this.closed) return;
    this.scheduled = true;
    this.rescuing = this.rescuing
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        this.scheduled = false;
        const batch = this.rescues;
        this.rescues = [];
        const failed = await this.rescueBatch(batch);
        // What could not be settled (a shelf not reachable) waits for the next pass.
        this.rescues.push(...failed);
      })
      .catch((error: unknown) => this.host.logger.error(`archive shelves: rescuing events failed: ${String(error)}`));
  }

  /**
   * A peer removed these records from a document here. Where the record lives now (the same
   * document, replaced by the peer's copy; the shelf of its month; the active document), add the
   * events this replica's copy had and that one lacks. When it lives nowhere this replica can
   * see, put this replica's copy back: a duplicate is repaired by the next pass, a loss is not.
   * Returns the rescues to retry later.
   */
  private async rescueBatch(batch: Rescue[]): Promise<Rescue[]> {
    const failed: Rescue[] = [];
    const byShelf = new Map<string, Rescue[]>();
    /** Ids each space's purge log names (its shelves' purges included), read once per batch. */
    const purgedIn = new Map<string, Set<string>>();
    for (const rescue of batch) {
      if (this.closed) return [];
      const active = this.host.active(rescue.space);
      if (!active) continue;
      // Purged (retention) on purpose, perhaps on a shelf while it was being moved: never put back.
      let purged = purgedIn.get(rescue.space);
      if (!purged) {
        purged = purgedIds(active.doc);
        purgedIn.set(rescue.space, purged);
      }
      if (purged.has(rescue.record.id)) continue;
      const inActive = getRecord(active.doc, rescue.record.id);
      if (inActive) {
        if (missingEvents(rescue.record.events, inActive.events).length > 0) {
          copyInto(active.doc, rescue.record);
          await active.flush();
        }
        continue;
      }
      const month = rescue.fromMonth ?? lastArchiveMonth(rescue.record);
      if (month === undefined) {
        putRecord(active.doc, rescue.record, undefined, 'copy');
        await active.flush();
        continue;
      }
      const name = shelfName(rescue.space, month);
      byShelf.set(name, [...(byShelf.get(name) ?? []), rescue]);
    }
    for (const [name, rescues] of byShelf) {
      if (this.closed) return [];
      await this.shelves.holding(name, async (entry) => {
        if (!(await this.shelves.synced(entry))) {
          failed.push(...rescues);
          return;
        }
        const active = this.host.active(entry.space);
        if (!active) return;
        const purged = new Set([...purgedIds(active.doc), ...purgedIds(entry.persisted.doc)]);
        for (const rescue of rescues) {
          const { record } = rescue;
          if (purged.has(record.id)) continue;
          const inShelf = getRecord(entry.persisted.doc, record.id);
          if (inShelf) {
            if (missingEvents(record.events, inShelf.events).length === 0) continue;
            copyInto(entry.persisted.doc, record);
          } else if (rescue.fromMonth !== undefined) {
            putRecord(entry.persisted.doc, record, undefined, 'copy');
          } else {
            putRecord(active.doc, record, undefined, 'copy');
            continue;
          }
          archiveReturns(active.doc).set(returnKey(entry.month, record.id), new Date().toISOString());
        }
        await entry.persisted.flush();
        await active.flush();
      });
    }
    return failed;
  }
}

/** Ids named in the purge log of `doc` (a shelf's own purges, or a space's with its shelves'). */
function purgedIds(doc: Y.Doc): Set<string> {
  return new Set(purgeLog(doc).flatMap((entry) => entry.ids));
}

/** Month of the latest archiving in a record's log (even when it was reopened since). */
function lastArchiveMonth(record: LiaisonRecord): string | undefined {
  const state = foldLifecycle(record);
  if (state.archivedAt !== undefined) return monthOf(state.archivedAt);
  const archived = record.events
    .filter((event) => event.type === 'archived')
    .map((event) => event.at)
    .sort();
  return archived.length > 0 ? monthOf(archived[archived.length - 1]) : undefined;
}
