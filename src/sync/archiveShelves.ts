// The archive shelves of a replica's spaces (src/store/shelves.ts), as the Replica and the front
// ends see them: the catalog's list, shelves opened on demand (shelfEntries.ts: one
// reference-counted entry per shelf, its PersistedSpace and, with a server, its own SpaceSync),
// lookups across the shelves, and the moving pass over every open space (./shelving.ts). The
// active documents stay the Replica's; this class only reads them through `ArchiveHost` and writes
// to them with the same store functions. Retention on shelves is shelfPurges.ts, the rescue of
// events a peer's move would otherwise drop is shelfRescue.ts.
import type * as Y from 'yjs';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import type { PurgeLogEntry, PurgeMeta } from '../store/purge';
import { appendEvent, getRecord, listRecords } from '../store/recordsDoc';
import { archiveReturns, readCatalog, returnKey, shelfName } from '../store/shelves';
import type { ArchiveHost, ShelfEntry } from './shelfEntries';
import { ShelfEntries } from './shelfEntries';
import { ShelfPurges } from './shelfPurges';
import { ShelfRescue } from './shelfRescue';
import { shelveSpace, watchRemovedRecords, withUniqueEvents } from './shelving';
import type { MalformedRecord } from '../store/recordsDoc';
import type { OpenedShelf, ShelvingOptions, ShelvingResult } from './shelving';

/** A shelf as listed by the catalog of its space. */
export interface ShelfInfo {
  /** `S.archive.YYYY-MM`: the shelf's space name and sync room. */
  name: string;
  space: string;
  month: string;
  /** Records in it when a replica last moved records in or out (advisory). */
  count: number;
}

/** An open shelf; give it back with `close()` (opening the same shelf twice counts twice). */
export interface ShelfHandle {
  readonly name: string;
  readonly space: string;
  readonly month: string;
  /** Its records, with `space` set to the space they belong to; cached until the next change. */
  records(): LiaisonRecord[];
  /** Its records that could not be read (left out of `records()`). */
  malformed(): MalformedRecord[];
  record(id: string): LiaisonRecord | undefined;
  /** Appends an event to a shelved record; resolves true once durable, false when it is not on this shelf. */
  appendEvent(id: string, event: RecordEvent): Promise<boolean>;
  /** Fires after any change to the shelf's records (local, or from sync). */
  onChange(listener: () => void): () => void;
  /** Resolves once synced with the server (at once without one). */
  whenSynced(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export class ArchiveShelves {
  private readonly entries: ShelfEntries;
  private readonly rescue: ShelfRescue;
  private readonly purges: ShelfPurges;

  constructor(private readonly host: ArchiveHost) {
    this.entries = new ShelfEntries(host, (space, month, record) => this.rescue.queue(space, record, month));
    this.rescue = new ShelfRescue(host, this.entries);
    this.purges = new ShelfPurges(host, this.entries);
  }

  /** Starts rescuing events of records a peer removes from `space`'s active document. Returns the release. */
  watchActive(space: string, doc: Y.Doc): () => void {
    return watchRemovedRecords(doc, (record) => this.rescue.queue(space, record));
  }

  /**
   * Follows the purge log of `space`'s active document: for each purge another replica made on a
   * shelf of it (an entry with `shelf`) that this store holds on disk, cleans that shelf here
   * (shelfPurges.ts). Returns the release.
   */
  watchPurges(space: string, doc: Y.Doc): () => void {
    return this.purges.watch(space, doc);
  }

  /**
   * Purges the records `ids` found on the shelf `name` (src/store/purge.ts purgeShelfRecords), after
   * syncing it when a server is configured; resolves once the deletion is durable, the files of the
   * shelf and of the active document no longer hold the records, and the server holds the deletion
   * (else it is logged, and the deletion goes to the server the next time this replica opens the
   * shelf). Undefined when none of `ids` was on the shelf.
   */
  purgeShelf(name: string, ids: readonly string[], meta: PurgeMeta): Promise<PurgeLogEntry | undefined> {
    return this.purges.purgeShelf(name, ids, meta);
  }

  /** The shelves of `space` (or of every open space), newest month first. */
  shelves(space?: string): ShelfInfo[] {
    const names = space === undefined ? this.host.spaces() : [space];
    return names.flatMap((name) => {
      const active = this.host.active(name);
      return active
        ? readCatalog(active.doc).map((entry) => ({
            name: shelfName(name, entry.month),
            space: name,
            month: entry.month,
            count: entry.count,
          }))
        : [];
    });
  }

  /** Opens a shelf of an open space (from disk, syncing its room when a server is configured). */
  async openShelf(name: string): Promise<ShelfHandle> {
    const entry = await this.entries.acquire(name);
    let closed = false;
    return {
      name: entry.name,
      space: entry.space,
      month: entry.month,
      records: () => this.shelfRecords(entry),
      malformed: () => listRecords(entry.persisted.doc).malformed,
      record: (id) => {
        const record = getRecord(entry.persisted.doc, id);
        return record ? withUniqueEvents({ ...record, space: entry.space }) : undefined;
      },
      appendEvent: (id, event) => (closed ? Promise.reject(new Error(`shelf "${name}" was closed`)) : this.appendToShelf(entry, id, event)),
      onChange: (listener) => {
        entry.listeners.add(listener);
        return () => entry.listeners.delete(listener);
      },
      whenSynced: async (timeoutMs) => {
        await entry.sync?.whenSynced(timeoutMs);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await this.entries.release(entry);
      },
    };
  }

  /** The record `id` of `space`: the active document, else its shelves, newest month first. */
  async findRecord(space: string, id: string): Promise<LiaisonRecord | undefined> {
    const active = this.host.active(space);
    if (!active) return undefined;
    const here = getRecord(active.doc, id);
    if (here) return { ...here, space };
    return this.inShelves(space, async (entry) => {
      const record = getRecord(entry.persisted.doc, id);
      return record ? withUniqueEvents({ ...record, space }) : undefined;
    });
  }

  /** Appends to a shelved record wherever it is shelved; false when no shelf of `space` holds it. */
  async appendToShelved(space: string, id: string, event: RecordEvent): Promise<boolean> {
    const done = await this.inShelves(space, async (entry) =>
      getRecord(entry.persisted.doc, id) ? this.appendToShelf(entry, id, event) : undefined,
    );
    return done ?? false;
  }

  /** The moving pass over every open space; also retries rescues that could not finish. */
  async shelve(options: ShelvingOptions = {}): Promise<ShelvingResult> {
    const total: ShelvingResult = { shelved: 0, returned: 0, months: [] };
    for (const space of this.host.spaces()) {
      const active = this.host.active(space);
      if (!active) continue;
      const result = await shelveSpace(
        {
          space,
          active: { doc: active.doc, flush: () => active.flush() },
          openShelf: (month) => this.openForPass(shelfName(space, month)),
        },
        options,
      );
      total.shelved += result.shelved;
      total.returned += result.returned;
      total.months.push(...result.months.map((month) => shelfName(space, month)));
      if (result.shelved > 0)
        await active
          .compact()
          .catch((error: unknown) => this.host.logger.warn(`space '${space}': compacting after shelving failed: ${String(error)}`));
    }
    await this.rescue.settle();
    return total;
  }

  /** Stops syncing the open shelves and closes them (the LocalStore's close flushes them). */
  async close(): Promise<void> {
    this.rescue.close();
    this.purges.close();
    await this.entries.close();
  }

  /**
   * For the moving pass: with a server, the shelf is synced before the pass reads it, and its
   * copies must be confirmed on the server before the active document's deletions are made (else
   * a peer would see the record vanish with no copy to find); when the server cannot be reached
   * the pass only copies. Without a server, local durability is enough.
   */
  private async openForPass(name: string): Promise<OpenedShelf> {
    const entry = await this.entries.acquire(name);
    await this.entries.synced(entry);
    return {
      doc: entry.persisted.doc,
      flush: () => entry.persisted.flush(),
      confirm: async () => {
        const confirmed = await this.entries.confirmServer(entry, 3);
        if (!confirmed)
          this.host.logger.info(
            `shelf "${name}": the server has not confirmed the copies yet; the records stay where they are until the next pass`,
          );
        return confirmed;
      },
      release: () => this.entries.release(entry),
    };
  }

  private shelfRecords(entry: ShelfEntry): LiaisonRecord[] {
    entry.cache ??= listRecords(entry.persisted.doc).records.map((record) => withUniqueEvents({ ...record, space: entry.space }));
    return entry.cache;
  }

  private async appendToShelf(entry: ShelfEntry, id: string, event: RecordEvent): Promise<boolean> {
    const active = this.host.active(entry.space);
    if (!active) throw new Error(`space "${entry.space}" is not open here`);
    if (!appendEvent(entry.persisted.doc, id, event)) return false;
    await entry.persisted.flush();
    // The next moving pass checks it (a reopened record goes back to the active document).
    archiveReturns(active.doc).set(returnKey(entry.month, id), event.at);
    await active.flush();
    return true;
  }

  /** Runs `look` on the shelves of `space`, newest first, until it returns something. */
  private async inShelves<T>(space: string, look: (entry: ShelfEntry) => Promise<T | undefined>): Promise<T | undefined> {
    for (const info of this.shelves(space)) {
      const found = await this.entries.holding(info.name, look);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
