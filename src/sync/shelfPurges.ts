// Retention on shelves (src/store/purge.ts): `purgeShelf` deletes expired records from a shelf,
// logs the purge there and in the space's active document, compacts the shelf's files with
// `forget`, and waits (a while) for the server to hold the deletion, since a shelf is synced only
// while it is open. `watchPurges` follows the active document's log, so a purge another replica
// made on a shelf this replica keeps on its disk opens that shelf, lets the deletion arrive (or
// makes it here when the server cannot be reached) and compacts it: the purged text leaves this
// disk without anyone opening that month.
import { stat } from 'node:fs/promises';
import type * as Y from 'yjs';
import { purgeShelfRecords, purgesArray } from '../store/purge';
import type { PurgeLogEntry, PurgeMeta } from '../store/purge';
import { deleteRecords, hasRecord } from '../store/recordsDoc';
import { parseShelfName } from '../store/shelves';
import type { ArchiveHost, ShelfEntries } from './shelfEntries';

export class ShelfPurges {
  /** Shelves cleaned after a peer's purge, one after the other. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly host: ArchiveHost,
    private readonly shelves: ShelfEntries,
  ) {}

  close(): void {
    this.closed = true;
  }

  /**
   * Follows the purge log of `space`'s active document: for each purge another replica made on a
   * shelf of it (an entry with `shelf`) that this store holds on disk, cleans that shelf here (see
   * the top of this file). Returns the release.
   */
  watch(space: string, doc: Y.Doc): () => void {
    const purges = purgesArray(doc);
    const handler = (event: Y.YArrayEvent<unknown>): void => {
      if (event.transaction.local) return;
      const added = [...event.changes.added].flatMap((item) => item.content.getContent());
      const byShelf = new Map<string, Set<string>>();
      for (const value of added) {
        const shelf = typeof value === 'object' && value !== null ? (value as { shelf?: unknown }).shelf : undefined;
        const ids = typeof value === 'object' && value !== null ? (value as { ids?: unknown }).ids : undefined;
        const ref = typeof shelf === 'string' ? parseShelfName(shelf) : undefined;
        if (!ref || ref.space !== space || !Array.isArray(ids) || typeof shelf !== 'string') continue;
        const set = byShelf.get(shelf) ?? new Set<string>();
        for (const id of ids) if (typeof id === 'string') set.add(id);
        byShelf.set(shelf, set);
      }
      for (const [shelf, ids] of byShelf) this.queueClean(shelf, [...ids]);
    };
    purges.observe(handler);
    return () => purges.unobserve(handler);
  }

  /**
   * Purges the records `ids` found on the shelf `name` (src/store/purge.ts purgeShelfRecords), after
   * syncing it when a server is configured; resolves once the deletion is durable, the files of the
   * shelf and of the active document no longer hold the records, and the server holds the deletion
   * (else it is logged, and the deletion goes to the server the next time this replica opens the
   * shelf). Undefined when none of `ids` was on the shelf.
   */
  purgeShelf(name: string, ids: readonly string[], meta: PurgeMeta): Promise<PurgeLogEntry | undefined> {
    return this.shelves.holding(name, async (entry) => {
      await this.shelves.synced(entry);
      const active = this.host.active(entry.space);
      if (!active) throw new Error(`shelf "${name}": space "${entry.space}" is not open here`);
      const logged = purgeShelfRecords({ name, shelf: entry.persisted.doc, active: active.doc }, ids, meta);
      if (!logged) return undefined;
      await Promise.all([entry.persisted.flush(), active.flush()]);
      // The active document held these records before they were shelved: its files forget them too.
      await Promise.all([entry.persisted.compact({ forget: true }), active.compact({ forget: true })]);
      if (!(await this.shelves.confirmServer(entry, 3))) {
        this.host.logger.warn(
          `shelf "${name}": the server has not confirmed the purge of ${logged.ids.length} record(s) yet; it goes to the server the next time this shelf is opened here`,
        );
      }
      return logged;
    });
  }

  private queueClean(name: string, ids: string[]): void {
    if (this.closed) return;
    this.queue = this.queue
      .then(() => this.cleanPurgedShelf(name, ids))
      .catch((error: unknown) =>
        this.host.logger.error(
          `shelf "${name}": records were purged by another replica, but cleaning this store's copy failed: ${String(error)}; it is cleaned when the shelf is next opened here`,
        ),
      );
  }

  /**
   * Another replica purged `ids` on the shelf `name`. When this store holds that shelf (it was
   * opened here before), open it, let the deletion arrive through sync (or, when the server cannot
   * be reached, delete them here: the log says they are purged), and compact it with `forget`.
   */
  private async cleanPurgedShelf(name: string, ids: readonly string[]): Promise<void> {
    const ref = parseShelfName(name);
    if (this.closed || !ref || !this.host.active(ref.space)) return;
    const onDisk = await stat(this.host.store.spaceDir(name)).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!onDisk || this.closed) return;
    await this.shelves.holding(name, async (entry) => {
      await this.shelves.synced(entry);
      if (this.closed) return;
      const still = ids.filter((id) => hasRecord(entry.persisted.doc, id));
      if (still.length > 0) {
        deleteRecords(entry.persisted.doc, still);
        await entry.persisted.flush();
      }
      await entry.persisted.compact({ forget: true });
    });
  }
}
