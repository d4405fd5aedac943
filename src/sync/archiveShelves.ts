// The archive shelves of a replica's spaces (src/store/shelves.ts): opened on demand, one
// reference-counted entry per shelf (its PersistedSpace and, with a server, its own SpaceSync),
// the moving pass over every open space (./shelving.ts), and the rescue of events that a peer's
// move would otherwise drop. The active documents stay the Replica's; this class only reads them
// through `ArchiveHost` and writes to them with the same store functions.
//
// Retention on shelves (src/store/purge.ts): `purgeShelf` deletes expired records from a shelf,
// logs the purge there and in the space's active document, compacts the shelf's files with
// `forget`, and waits (a while) for the server to hold the deletion, since a shelf is synced only
// while it is open. Every opened shelf compacts itself after a purge arriving through sync; and
// `watchPurges` follows the active document's log, so a purge another replica made on a shelf this
// replica keeps on its disk opens that shelf, lets the deletion arrive (or makes it here when the
// server cannot be reached) and compacts it: the purged text leaves this disk without anyone
// opening that month. The rescue of events (below) leaves records named in a purge log alone.
import { stat } from 'node:fs/promises';
import type * as Y from 'yjs';
import { foldLifecycle } from '../domain/lifecycle';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import type { LocalStore } from '../store/localStore';
import type { PersistedSpace } from '../store/persistedSpace';
import { compactAfterPurges, purgeLog, purgeShelfRecords, purgesArray } from '../store/purge';
import type { PurgeLogEntry, PurgeMeta } from '../store/purge';
import { appendEvent, deleteRecords, getRecord, hasRecord, listRecords, onRecordsChanged, putRecord } from '../store/recordsDoc';
import { archiveReturns, monthOf, parseShelfName, readCatalog, returnKey, shelfName } from '../store/shelves';
import type { Logger } from '../util/logger';
import { copyInto, missingEvents, shelveSpace, watchRemovedRecords, withUniqueEvents } from './shelving';
import type { OpenedShelf, ShelvingOptions, ShelvingResult } from './shelving';
import { SpaceSync } from './syncClient';

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
  record(id: string): LiaisonRecord | undefined;
  /** Appends an event to a shelved record; resolves true once durable, false when it is not on this shelf. */
  appendEvent(id: string, event: RecordEvent): Promise<boolean>;
  /** Fires after any change to the shelf's records (local, or from sync). */
  onChange(listener: () => void): () => void;
  /** Resolves once synced with the server (at once without one). */
  whenSynced(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** What ArchiveShelves needs of the Replica. */
export interface ArchiveHost {
  readonly store: LocalStore;
  readonly server: { url: string; token?: string } | undefined;
  readonly logger: Logger;
  /** The active document of an open space. */
  active(space: string): PersistedSpace | undefined;
  spaces(): string[];
}

interface ShelfEntry {
  readonly name: string;
  readonly space: string;
  readonly month: string;
  readonly persisted: PersistedSpace;
  sync?: SpaceSync;
  holders: number;
  releases: (() => void)[];
  listeners: Set<() => void>;
  cache?: LiaisonRecord[];
}

interface Rescue {
  space: string;
  /** Month of the shelf it was removed from; undefined for the active document. */
  fromMonth?: string;
  record: LiaisonRecord;
}

const SYNC_WAIT_MS = 10_000;

export class ArchiveShelves {
  private readonly entries = new Map<string, Promise<ShelfEntry>>();
  private rescues: Rescue[] = [];
  private rescuing: Promise<void> = Promise.resolve();
  private rescueScheduled = false;
  /** Shelves cleaned after a peer's purge, one after the other. */
  private shelfPurges: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly host: ArchiveHost) {}

  /** Starts rescuing events of records a peer removes from `space`'s active document. Returns the release. */
  watchActive(space: string, doc: Y.Doc): () => void {
    return watchRemovedRecords(doc, (record) => this.queueRescue({ space, record }));
  }

  /**
   * Follows the purge log of `space`'s active document: for each purge another replica made on a
   * shelf of it (an entry with `shelf`) that this store holds on disk, cleans that shelf here (see
   * the top of this file). Returns the release.
   */
  watchPurges(space: string, doc: Y.Doc): () => void {
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
      for (const [shelf, ids] of byShelf) this.queueShelfPurge(shelf, [...ids]);
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
  async purgeShelf(name: string, ids: readonly string[], meta: PurgeMeta): Promise<PurgeLogEntry | undefined> {
    const entry = await this.acquire(name);
    try {
      if (entry.sync) await entry.sync.whenSynced(SYNC_WAIT_MS).catch(() => undefined);
      const active = this.host.active(entry.space);
      if (!active) throw new Error(`shelf "${name}": space "${entry.space}" is not open here`);
      const logged = purgeShelfRecords({ name, shelf: entry.persisted.doc, active: active.doc }, ids, meta);
      if (!logged) return undefined;
      await Promise.all([entry.persisted.flush(), active.flush()]);
      // The active document held these records before they were shelved: its files forget them too.
      await Promise.all([entry.persisted.compact({ forget: true }), active.compact({ forget: true })]);
      if (!(await this.confirmServer(entry, 3))) {
        this.host.logger.warn(
          `shelf "${name}": the server has not confirmed the purge of ${logged.ids.length} record(s) yet; it goes to the server the next time this shelf is opened here`,
        );
      }
      return logged;
    } finally {
      await this.release(entry);
    }
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
    const entry = await this.acquire(name);
    let closed = false;
    return {
      name: entry.name,
      space: entry.space,
      month: entry.month,
      records: () => this.shelfRecords(entry),
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
        await this.release(entry);
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
    this.scheduleRescue();
    await this.rescuing;
    return total;
  }

  /** Stops syncing the open shelves and closes them (the LocalStore's close flushes them). */
  async close(): Promise<void> {
    this.closed = true;
    const entries = await Promise.allSettled([...this.entries.values()]);
    this.entries.clear();
    for (const result of entries) {
      if (result.status !== 'fulfilled') continue;
      for (const release of result.value.releases) release();
      result.value.sync?.destroy();
    }
  }

  // --- shelves ---------------------------------------------------------------------------------

  private acquire(name: string): Promise<ShelfEntry> {
    if (this.closed) return Promise.reject(new Error('this replica is closed'));
    const ref = parseShelfName(name);
    if (!ref) return Promise.reject(new Error(`"${name}" is not a shelf name: shelves are named <space>.archive.YYYY-MM`));
    if (!this.host.active(ref.space)) return Promise.reject(new Error(`shelf "${name}": space "${ref.space}" is not open here`));
    let opening = this.entries.get(name);
    if (!opening) {
      opening = this.openEntry(name, ref.space, ref.month);
      this.entries.set(name, opening);
      opening.catch(() => this.entries.delete(name));
    }
    return opening.then((entry) => {
      entry.holders++;
      return entry;
    });
  }

  private async openEntry(name: string, space: string, month: string): Promise<ShelfEntry> {
    const persisted = await this.host.store.openSpace(name);
    const { server, logger } = this.host;
    const entry: ShelfEntry = { name, space, month, persisted, holders: 0, releases: [], listeners: new Set() };
    entry.releases.push(
      onRecordsChanged(persisted.doc, () => {
        entry.cache = undefined;
        for (const listener of [...entry.listeners]) listener();
      }),
    );
    entry.releases.push(watchRemovedRecords(persisted.doc, (record) => this.queueRescue({ space, fromMonth: month, record })));
    entry.releases.push(compactAfterPurges(persisted, (message) => logger.error(message)));
    if (server) entry.sync = new SpaceSync({ doc: persisted.doc, serverUrl: server.url, space: name, token: server.token, logger });
    return entry;
  }

  private async release(entry: ShelfEntry): Promise<void> {
    entry.holders--;
    if (entry.holders > 0 || this.entries.get(entry.name) === undefined) return;
    // Give the server what this replica wrote before the connection goes (best effort: what it
    // does not get now goes the next time the shelf is opened).
    if (entry.sync && entry.sync.status === 'connected') await this.confirmServer(entry, 1);
    if (entry.holders > 0) return;
    this.entries.delete(entry.name);
    for (const release of entry.releases) release();
    entry.sync?.destroy();
    await entry.persisted.close();
  }

  /** True once the server holds all of the shelf (always true without a server). */
  private async confirmServer(entry: ShelfEntry, attempts: number): Promise<boolean> {
    if (!entry.sync) return true;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        if (await entry.sync.confirmServerHasAll(SYNC_WAIT_MS)) return true;
      } catch {
        return false;
      }
    }
    return false;
  }

  /**
   * For the moving pass: with a server, the shelf is synced before the pass reads it, and its
   * copies must be confirmed on the server before the active document's deletions are made (else
   * a peer would see the record vanish with no copy to find); when the server cannot be reached
   * the pass only copies. Without a server, local durability is enough.
   */
  private async openForPass(name: string): Promise<OpenedShelf> {
    const entry = await this.acquire(name);
    if (entry.sync) await entry.sync.whenSynced(SYNC_WAIT_MS).catch(() => undefined);
    return {
      doc: entry.persisted.doc,
      flush: () => entry.persisted.flush(),
      confirm: async () => {
        const confirmed = await this.confirmServer(entry, 3);
        if (!confirmed)
          this.host.logger.info(
            `shelf "${name}": the server has not confirmed the copies yet; the records stay where they are until the next pass`,
          );
        return confirmed;
      },
      release: () => this.release(entry),
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
      const entry = await this.acquire(info.name);
      try {
        const found = await look(entry);
        if (found !== undefined) return found;
      } finally {
        await this.release(entry);
      }
    }
    return undefined;
  }

  // --- a peer's purge on a shelf --------------------------------------------------------------

  private queueShelfPurge(name: string, ids: string[]): void {
    if (this.closed) return;
    this.shelfPurges = this.shelfPurges
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
    const entry = await this.acquire(name);
    try {
      if (entry.sync) await entry.sync.whenSynced(SYNC_WAIT_MS).catch(() => undefined);
      if (this.closed) return;
      const still = ids.filter((id) => hasRecord(entry.persisted.doc, id));
      if (still.length > 0) {
        deleteRecords(entry.persisted.doc, still);
        await entry.persisted.flush();
      }
      await entry.persisted.compact({ forget: true });
    } finally {
      await this.release(entry);
    }
  }

  // --- rescue ----------------------------------------------------------------------------------

  private queueRescue(rescue: Rescue): void {
    if (this.closed) return;
    this.rescues.push(rescue);
    this.scheduleRescue();
  }

  private scheduleRescue(): void {
    if (this.rescueScheduled || this.rescues.length === 0 || this.closed) return;
    this.rescueScheduled = true;
    this.rescuing = this.rescuing
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        this.rescueScheduled = false;
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
      const entry = await this.acquire(name);
      try {
        if (entry.sync) {
          const synced = await entry.sync.whenSynced(SYNC_WAIT_MS).then(
            () => true,
            () => false,
          );
          if (!synced) {
            failed.push(...rescues);
            continue;
          }
        }
        const active = this.host.active(entry.space);
        if (!active) continue;
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
      } finally {
        await this.release(entry);
      }
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
