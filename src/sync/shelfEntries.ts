// The open shelves of a replica (archiveShelves.ts): one reference-counted entry per shelf, its
// PersistedSpace and, with a server, its own SpaceSync. Opening the same shelf twice shares one
// entry; the last release gives the server what was written (best effort) and closes it.
import type { LiaisonRecord } from '../domain/record';
import type { LocalStore } from '../store/localStore';
import type { PersistedSpace } from '../store/persistedSpace';
import { compactAfterPurges } from '../store/purge';
import { onRecordsChanged } from '../store/recordsDoc';
import { parseShelfName } from '../store/shelves';
import type { Logger } from '../util/logger';
import { watchRemovedRecords } from './shelving';
import { SpaceSync } from './syncClient';

/** What the shelves need of the Replica. */
export interface ArchiveHost {
  readonly store: LocalStore;
  readonly server: { url: string; token?: string } | undefined;
  readonly logger: Logger;
  /** The active document of an open space. */
  active(space: string): PersistedSpace | undefined;
  spaces(): string[];
}

export interface ShelfEntry {
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

/** How long one wait for a shelf's server goes on. */
export const SYNC_WAIT_MS = 10_000;

export class ShelfEntries {
  private readonly entries = new Map<string, Promise<ShelfEntry>>();
  private closed = false;

  /** `onRemoved`: a peer removed `record` from the shelf of `month` (see shelfRescue.ts). */
  constructor(
    private readonly host: ArchiveHost,
    private readonly onRemoved: (space: string, month: string, record: LiaisonRecord) => void,
  ) {}

  /** The shelf `name`, opened (or shared) and held once more; give it back with `release`. */
  acquire(name: string): Promise<ShelfEntry> {
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

  async release(entry: ShelfEntry): Promise<void> {
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

  /** Runs `use` on the shelf `name`, held for as long as it runs. */
  async holding<T>(name: string, use: (entry: ShelfEntry) => Promise<T>): Promise<T> {
    const entry = await this.acquire(name);
    try {
      return await use(entry);
    } finally {
      await this.release(entry);
    }
  }

  /** True once the server holds all of the shelf (always true without a server). */
  async confirmServer(entry: ShelfEntry, attempts: number): Promise<boolean> {
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

  /** Resolves true once synced with the server (at once without one), false when it could not be. */
  async synced(entry: ShelfEntry): Promise<boolean> {
    if (!entry.sync) return true;
    return entry.sync.whenSynced(SYNC_WAIT_MS).then(
      () => true,
      () => false,
    );
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
    entry.releases.push(watchRemovedRecords(persisted.doc, (record) => this.onRemoved(space, month, record)));
    entry.releases.push(compactAfterPurges(persisted, (message) => logger.error(message)));
    if (server) entry.sync = new SpaceSync({ doc: persisted.doc, serverUrl: server.url, space: name, token: server.token, logger });
    return entry;
  }
}
