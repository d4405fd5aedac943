// Search over the archive shelves (src/store/shelves.ts). Each shelf `S.archive.YYYY-MM` has its
// own index, named and stored like a space (`searchDir(storeRoot, shelfName)`), because the active
// space's SpaceIndexer removes every record that leaves the active document. Searches run across
// every open index, so shelved records are found like the others; a hit's `space` is the record's
// own space S (the shelf keeps it), and a shelf name given as a space is mapped back by the record
// view (parseShelfName).
//
// Shelves are not followed live: after the active spaces are indexed, and again when a catalog
// changes (a move, a return check), the shelves are visited one at a time in the background. A
// shelf's index is opened (a cheap read of what is on disk); when it is missing or recorded another
// version of the shelf than the catalog shows now, the shelf is opened (and synced first, with a
// server), its records are compared by fingerprint and the differences sent, the index committed
// with the version, and the shelf closed. A shelf dropped from the catalog (all its records went
// back) has its index emptied and closed.
//
// The version is cheap and comes from the active document: the catalog's record count of the month
// plus the pending return checks of that month (an event appended to a shelved record adds one, the
// next moving pass removes it). A move that takes one record in and another out of the same month
// in one pass leaves both unchanged; such a shelf is brought up to date by its next change.
import type * as Y from 'yjs';
import type { LiaisonRecord } from '../domain/record';
import { searchDir } from '../search/searchApi';
import type { SearchApi } from '../search/searchApi';
import { fingerprint, toSearchDoc } from '../search/searchDoc';
import type { SearchDoc, StatusOf } from '../search/searchDoc';
import { archiveReturns, shelfCatalog } from '../store/shelves';
import type { ShelfInfo } from '../sync/archiveShelves';
import type { Replica } from '../sync/replica';
import type { Logger } from '../util/logger';

/** Wait this long after a catalog change before visiting the shelves, to gather a moving pass's slices. */
const CATALOG_DEBOUNCE_MS = 1_000;
/** With a server, how long a shelf may take to sync before it is indexed from the local copy. */
const SHELF_SYNC_WAIT_MS = 15_000;
const BATCH = 200;

export interface ShelfIndexesOptions {
  readonly replica: Replica;
  readonly api: SearchApi;
  readonly storeRoot: string;
  readonly statusOf: StatusOf;
  readonly logger: Logger;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The version of a shelf as the active document of its space tells it (see the top of this file). */
export function shelfVersion(doc: Y.Doc | undefined, info: ShelfInfo): string {
  const prefix = `${info.month}:`;
  const returns = doc ? [...archiveReturns(doc).keys()].filter((key) => key.startsWith(prefix)).sort() : [];
  return `shelf-v1|${info.count}|${returns.join(',')}`;
}

/** Keeps the shelves' indexes of one replica up to date, in the background; `stop()` ends it. */
export class ShelfIndexes {
  private readonly open = new Set<string>();
  private readonly releases: (() => void)[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Resolves when stop() is called, so no wait for a shelf's sync outlives the indexes. */
  private readonly stopping: Promise<void>;
  private signalStop: () => void = () => undefined;

  constructor(private readonly options: ShelfIndexesOptions) {
    this.stopping = new Promise((resolve) => {
      this.signalStop = resolve;
    });
  }

  /** Visits the shelves now, then whenever a catalog changes. */
  start(): void {
    const { replica } = this.options;
    const changed = (): void => {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.debounce = undefined;
        this.visit();
      }, CATALOG_DEBOUNCE_MS);
    };
    for (const space of replica.spaceNames) {
      const doc = replica.doc(space);
      if (!doc) continue;
      for (const map of [shelfCatalog(doc), archiveReturns(doc)]) {
        map.observe(changed);
        this.releases.push(() => map.unobserve(changed));
      }
    }
    this.visit();
  }

  /** Resolves when no visit is running or asked for (tests: shelved records are searchable). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.debounce) {
        clearTimeout(this.debounce);
        this.debounce = undefined;
        this.visit();
      }
      if (!this.running) return;
      await this.running;
    }
  }

  /** Stops visiting, waits for the shelf being indexed (it stops between batches), closes the shelves' indexes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = undefined;
    for (const release of this.releases.splice(0)) release();
    await this.running;
    await Promise.all([...this.open].map((name) => this.options.api.close(name).catch(() => undefined)));
    this.open.clear();
  }

  private visit(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.visitAll();
      } while (this.again && !this.stopped);
    })()
      .catch((error: unknown) => this.options.logger.error(`search: indexing the archive shelves failed: ${message(error)}`))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async visitAll(): Promise<void> {
    const { replica, logger } = this.options;
    const shelves = replica.shelves();
    for (const info of shelves) {
      if (this.stopped) return;
      try {
        await this.visitShelf(info);
      } catch (error) {
        if (!this.stopped) logger.warn(`search ${info.name}: ${message(error)}`);
      }
    }
    const listed = new Set(shelves.map((info) => info.name));
    for (const name of [...this.open]) {
      if (this.stopped) return;
      if (!listed.has(name)) await this.empty(name).catch((error: unknown) => logger.warn(`search ${name}: ${message(error)}`));
    }
  }

  private async visitShelf(info: ShelfInfo): Promise<void> {
    const { replica, api, storeRoot, logger } = this.options;
    const version = shelfVersion(replica.doc(info.space), info);
    const report = await api.open(info.name, searchDir(storeRoot, info.name));
    this.open.add(info.name);
    if (report.discarded) logger.warn(`search ${info.name}: ${report.discarded}; rebuilding`);
    if (report.sourceVersion === version) return;
    const started = Date.now();
    const shelf = await replica.openShelf(info.name);
    try {
      const synced =
        !replica.server ||
        replica.serverProblem !== undefined ||
        (await Promise.race([
          shelf.whenSynced(SHELF_SYNC_WAIT_MS).then(
            () => true,
            () => false,
          ),
          this.stopping.then(() => false),
        ]));
      if (this.stopped) return;
      const { sent, removed, complete } = await this.catchUp(info.name, shelf.records());
      // A shelf indexed from an unsynced copy, or cut short, records no version: the next visit does it again.
      await api.commit(info.name, synced && complete ? version : undefined);
      logger.info(
        `search ${info.name}: ${shelf.records().length} shelved records, ${sent} sent, ${removed} removed in ${Date.now() - started} ms${synced ? '' : ' (not synced with the server yet)'}`,
      );
    } finally {
      await shelf.close();
    }
  }

  /** Sends the records the index lacks or holds in another version, removes the ones gone. */
  private async catchUp(name: string, records: readonly LiaisonRecord[]): Promise<{ sent: number; removed: number; complete: boolean }> {
    const { api, statusOf } = this.options;
    const printed = await api.fingerprints(name);
    const known = new Map<string, number>();
    printed.ids.forEach((id, index) => known.set(id, printed.values[index]));
    const seen = new Set<string>();
    let batch: SearchDoc[] = [];
    let sent = 0;
    for (const record of records) {
      if (this.stopped) return { sent, removed: 0, complete: false };
      seen.add(record.id);
      const doc = toSearchDoc(record, statusOf);
      if (known.get(record.id) !== fingerprint(doc)) batch.push(doc);
      if (batch.length >= BATCH) {
        sent += batch.length;
        await api.upsert(name, batch);
        batch = [];
        await turn();
      }
    }
    if (batch.length > 0) {
      sent += batch.length;
      await api.upsert(name, batch);
    }
    const gone = printed.ids.filter((id) => !seen.has(id));
    if (gone.length > 0) await api.remove(name, gone);
    return { sent, removed: gone.length, complete: true };
  }

  /** A shelf no longer in the catalog: its records went back (or were purged); nothing of it may be found. */
  private async empty(name: string): Promise<void> {
    const { api } = this.options;
    const printed = await api.fingerprints(name);
    if (printed.ids.length > 0) await api.remove(name, printed.ids);
    await api.commit(name);
    await api.close(name);
    this.open.delete(name);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
