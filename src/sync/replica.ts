// A user's replica of their spaces: the local store, the records in it, and (when a server is
// configured) one sync connection per space. No `vscode` here: the extension, the command-line
// tool and tests all drive the same object.
import type { DirectoryData } from '../domain/directory';
import { onDirectoryChanged, readDirectory, writeDirectory } from '../store/directoryDoc';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import { LocalStore } from '../store/localStore';
import type { PersistedSpace, StoreProblem } from '../store/persistedSpace';
import { appendEvent, getRecord, listRecords, onRecordsChanged, putRecord } from '../store/recordsDoc';
import { compactAfterPurges, purgeLog, purgeRecords } from '../store/purge';
import type { PurgeLogEntry, PurgeMeta } from '../store/purge';
import type { MalformedRecord } from '../store/recordsDoc';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { SpaceSync } from './syncClient';
import type { Refusal } from '../protocol/authMessages';
import { ArchiveShelves } from './archiveShelves';
import type { ShelfHandle, ShelfInfo } from './archiveShelves';
import type { ShelvingOptions, ShelvingResult } from './shelving';
import { parseShelfName, validateConfiguredSpaceName } from '../store/shelves';

export interface ServerSettings {
  url: string;
  token?: string;
}

export interface ReplicaOptions {
  /** Folder of the local store (the extension's global storage by default). */
  storeRoot: string;
  /** Spaces to open; each is one Yjs document and one sync room. */
  spaces: readonly string[];
  /** Omit to work offline only. */
  server?: ServerSettings;
  logger?: Logger;
}

/** A record that could not be read, and the space it is in. */
export type SpaceMalformedRecord = MalformedRecord & { space: string };

export type SyncState = 'local' | 'connecting' | 'connected' | 'disconnected';

export interface SpaceSyncStatus {
  space: string;
  state: SyncState;
  /** Why the last connection failed ('unauthorized', 'forbidden', 'unreachable', …), if it did. */
  error?: string;
}

/** Undefined for a usable server address; else a sentence naming the problem and the fix. */
export function checkServerUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an address: write it as ws://host:port (or wss://)`;
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(parsed.protocol)) return `"${url}" must start with ws://, wss://, http:// or https://`;
  return undefined;
}

interface OpenSpace {
  name: string;
  space: PersistedSpace;
  sync?: SpaceSync;
  releases: (() => void)[];
}

export class Replica {
  private readonly listeners = new Set<() => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly refusalListeners = new Set<(space: string, refusal: Refusal) => void>();
  private readonly directoryListeners = new Set<() => void>();
  private cache: { records: LiaisonRecord[]; malformed: SpaceMalformedRecord[] } | undefined;
  private closed = false;
  /** The archive shelves of the open spaces (src/store/shelves.ts), opened on demand. */
  private readonly archive: ArchiveShelves;

  private constructor(
    private readonly store: LocalStore,
    private readonly open: Map<string, OpenSpace>,
    readonly server: ServerSettings | undefined,
    /** Why syncing is off although a server was given (a bad address), if it is. */
    readonly serverProblem: string | undefined,
    shelfSync: { server: ServerSettings | undefined; logger: Logger } = { server: undefined, logger: silentLogger },
  ) {
    this.archive = new ArchiveShelves({
      store,
      server: shelfSync.server,
      logger: shelfSync.logger,
      active: (space) => open.get(space)?.space,
      spaces: () => [...open.keys()],
    });
  }

  /**
   * Opens every space from disk (never throws on damaged files: see `problems`), then starts
   * syncing. Bad space names are refused before anything is opened; a bad server address leaves
   * the replica working offline with `serverProblem` set. If opening fails half-way, whatever
   * was opened is closed again, so no space is left writing to its folder.
   */
  static async open(options: ReplicaOptions): Promise<Replica> {
    const logger = options.logger ?? silentLogger;
    for (const name of options.spaces) {
      const problem = validateConfiguredSpaceName(name);
      if (problem) throw new Error(`space "${name}": ${problem}`);
    }
    const serverProblem = options.server?.url ? checkServerUrl(options.server.url) : undefined;
    const syncWith = options.server?.url && !serverProblem ? options.server : undefined;
    const store = new LocalStore(options.storeRoot, { logger });
    const open = new Map<string, OpenSpace>();
    const replica = new Replica(store, open, options.server, serverProblem, { server: syncWith, logger });
    try {
      for (const name of options.spaces) {
        const space = await store.openSpace(name);
        const entry: OpenSpace = { name, space, releases: [] };
        open.set(name, entry);
        entry.releases.push(onRecordsChanged(space.doc, () => replica.changed()));
        entry.releases.push(onDirectoryChanged(space.doc, () => replica.directoryChanged()));
        if (syncWith) entry.releases.push(replica.archive.watchActive(name, space.doc));
        if (syncWith) entry.releases.push(replica.archive.watchPurges(name, space.doc));
        entry.releases.push(compactAfterPurges(space, (message) => logger.error(message)));
        if (syncWith) {
          const sync = new SpaceSync({ doc: space.doc, serverUrl: syncWith.url, space: name, token: syncWith.token, logger });
          entry.sync = sync;
          entry.releases.push(sync.onStatus(() => replica.statusChanged()));
          entry.releases.push(sync.onRefused((refusal) => replica.refused(name, refusal)));
        }
      }
    } catch (error) {
      await replica.close();
      throw error;
    }
    return replica;
  }

  get spaceNames(): string[] {
    return [...this.open.keys()];
  }

  /** What opening the store found damaged and set aside. */
  get problems(): StoreProblem[] {
    return [...this.open.values()].flatMap((entry) => [...entry.space.problems]);
  }

  /** Every well-formed record of every open space; cached until the next change. */
  records(): LiaisonRecord[] {
    return this.snapshot().records;
  }

  /** The records of the open spaces that could not be read, each with its space. */
  malformed(): SpaceMalformedRecord[] {
    return this.snapshot().malformed;
  }

  private snapshot(): { records: LiaisonRecord[]; malformed: SpaceMalformedRecord[] } {
    if (!this.cache) {
      const records: LiaisonRecord[] = [];
      const malformed: SpaceMalformedRecord[] = [];
      for (const entry of this.open.values()) {
        const found = listRecords(entry.space.doc);
        records.push(...found.records.map((record) => ({ ...record, space: entry.name })));
        malformed.push(...found.malformed.map((bad) => ({ ...bad, space: entry.name })));
      }
      this.cache = { records, malformed };
    }
    return this.cache;
  }

  /** The Y.Doc of an open space, for readers that follow it (the search indexer); never write to it directly. */
  doc(space: string): PersistedSpace['doc'] | undefined {
    return this.open.get(space)?.space.doc;
  }

  record(space: string, id: string): LiaisonRecord | undefined {
    const entry = this.open.get(space);
    const record = entry ? getRecord(entry.space.doc, id) : undefined;
    return record ? { ...record, space } : undefined;
  }

  private entry(space: string): OpenSpace {
    // A closed replica's documents are no longer written to disk: refuse rather than lose.
    if (this.closed) throw new Error('this replica is closed; the spaces were reopened, try again');
    const entry = this.open.get(space);
    if (!entry) throw new Error(`space "${space}" is not open here: open spaces are ${this.spaceNames.join(', ') || '(none)'}`);
    return entry;
  }

  /** Adds a record to its space; resolves once it is durably on disk. */
  async add(record: LiaisonRecord): Promise<void> {
    const entry = this.entry(record.space);
    putRecord(entry.space.doc, record);
    await entry.space.flush();
  }

  /**
   * Appends an event; resolves true once durable, false when the record does not exist. A record
   * moved to an archive shelf gets it there (and the next `shelve` pass brings a reopened one back).
   */
  async appendEvent(space: string, id: string, event: RecordEvent): Promise<boolean> {
    const entry = this.entry(space);
    if (!appendEvent(entry.space.doc, id, event)) return this.archive.appendToShelved(space, id, event);
    await entry.space.flush();
    return true;
  }

  /** The archive shelves of `space` (or of every open space) from the catalogs, newest month first; opens nothing. */
  shelves(space?: string): ShelfInfo[] {
    return this.archive.shelves(space);
  }

  /**
   * Opens the shelf `name` (`<space>.archive.YYYY-MM`, of an open space) from disk, syncing its
   * room when a server is configured. Reference counted: each handle is given back by its `close()`.
   * An open shelf does not change `records()`, which lists the active documents only.
   */
  openShelf(name: string): Promise<ShelfHandle> {
    if (this.closed) return Promise.reject(new Error('this replica is closed; the spaces were reopened, try again'));
    return this.archive.openShelf(name);
  }

  /** The record `id` of `space`: from the active document, else from its shelves, newest month first. */
  findRecord(space: string, id: string): Promise<LiaisonRecord | undefined> {
    return this.archive.findRecord(space, id);
  }

  /**
   * Moves records archived at least `afterDays` (default 7) days before `now` from the active
   * documents to their shelves, and reopened ones back (src/sync/shelving.ts). Crash-safe at every
   * step; yields to the event loop between slices.
   */
  shelve(options: ShelvingOptions = {}): Promise<ShelvingResult> {
    if (this.closed) return Promise.reject(new Error('this replica is closed; the spaces were reopened, try again'));
    return this.archive.shelve(options);
  }

  /**
   * Deletes records (retention, src/store/purge.ts) with one purge-log entry per document they were
   * in; resolves once the deletion is durable and the store compacted so their content is off this
   * disk. Sync carries the deletion to every other replica.
   *
   * `name` is a space or one of its archive shelves (`S.archive.YYYY-MM`). For a shelf, only that
   * shelf. For a space, its active document, then its shelves: `options.shelves` (those that may
   * hold `ids`, as the caller found them; every id is looked for in each, so a copy left on a shelf
   * by an interrupted move goes too), else every shelf of its catalog, newest first, for the ids not
   * found yet, until all are found. Returns the ids purged (and their kinds) across those
   * documents, or undefined when none of `ids` was found.
   */
  async purge(
    name: string,
    ids: readonly string[],
    meta: PurgeMeta,
    options: { shelves?: readonly string[] } = {},
  ): Promise<PurgeLogEntry | undefined> {
    const shelf = parseShelfName(name);
    if (shelf) {
      this.entry(shelf.space);
      return this.archive.purgeShelf(name, ids, meta);
    }
    const entry = this.entry(name);
    for (const shelfName of options.shelves ?? []) {
      if (parseShelfName(shelfName)?.space !== name) throw new Error(`"${shelfName}" is not an archive shelf of space "${name}"`);
    }
    const logged: PurgeLogEntry[] = [];
    const here = purgeRecords(entry.space.doc, ids, meta);
    await entry.space.flush();
    if (here) {
      logged.push(here);
      await entry.space.compact({ forget: true });
    }
    const found = new Set(here?.ids ?? []);
    for (const shelfName of options.shelves ?? this.archive.shelves(name).map((info) => info.name)) {
      const wanted = options.shelves ? ids : ids.filter((id) => !found.has(id));
      if (wanted.length === 0) break;
      const onShelf = await this.archive.purgeShelf(shelfName, wanted, meta);
      if (onShelf) logged.push(onShelf);
      for (const id of onShelf?.ids ?? []) found.add(id);
    }
    if (logged.length === 0) return undefined;
    const all = new Map<string, string>();
    for (const part of logged) part.ids.forEach((id, index) => all.has(id) || all.set(id, part.kinds[index]));
    return { at: meta.at, by: meta.by, policy: meta.policy, ids: [...all.keys()], kinds: [...all.values()] };
  }

  /**
   * The purges of `space`, oldest first (ids and kinds only: the content is gone), including those
   * made on its archive shelves (their entries name the `shelf`).
   */
  purgeLog(space: string): PurgeLogEntry[] {
    const entry = this.open.get(space);
    return entry ? purgeLog(entry.space.doc) : [];
  }

  /** The directory kept in `space` (people and departments with heads); empty when there is none. */
  directory(space: string): DirectoryData {
    const entry = this.open.get(space);
    return entry ? readDirectory(entry.space.doc) : { people: [], departments: [] };
  }

  /** Writes the directory of `space` (see writeDirectory); resolves once durable. */
  async setDirectory(space: string, data: DirectoryData, options: { replace: boolean }): Promise<void> {
    const entry = this.entry(space);
    writeDirectory(entry.space.doc, data, options);
    await entry.space.flush();
  }

  /**
   * Runs `write` on the document of `space` (one change of a part with its own module, such as the
   * team policy of src/app/teamPolicy.ts) and resolves with its result once that is durable.
   */
  async change<T>(space: string, write: (doc: PersistedSpace['doc']) => T): Promise<T> {
    const entry = this.entry(space);
    const result = write(entry.space.doc);
    await entry.space.flush();
    return result;
  }

  /** Fires when any space's directory changed (locally or by sync). */
  onDirectoryChange(listener: () => void): () => void {
    this.directoryListeners.add(listener);
    return () => this.directoryListeners.delete(listener);
  }

  private directoryChanged(): void {
    for (const listener of [...this.directoryListeners]) listener();
  }

  syncStatus(): SpaceSyncStatus[] {
    return [...this.open.values()].map((entry) => {
      if (!entry.sync)
        return this.serverProblem
          ? { space: entry.name, state: 'local', error: this.serverProblem }
          : { space: entry.name, state: 'local' };
      return { space: entry.name, state: entry.sync.status, error: entry.sync.lastError };
    });
  }

  /** Resolves when every synced space has completed its first exchange with the server. */
  async whenSynced(timeoutMs = 10_000): Promise<void> {
    await Promise.all([...this.open.values()].map((entry) => entry.sync?.whenSynced(timeoutMs)));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * What the server said this session may do in `space` (admin: may change its protected parts).
   * Without a server everyone is an admin of their own copy; undefined until the server has said.
   */
  role(space: string): { readOnly: boolean; admin: boolean } | undefined {
    const entry = this.open.get(space);
    if (entry === undefined) return undefined;
    if (!entry.sync) return { readOnly: false, admin: true };
    return entry.sync.role;
  }

  /** Fires when the server refused a change of this replica (a protected part, not being an admin there). */
  onRefused(listener: (space: string, refusal: Refusal) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  private refused(space: string, refusal: Refusal): void {
    for (const listener of [...this.refusalListeners]) listener(space, refusal);
  }

  onSyncStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private changed(): void {
    this.cache = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private statusChanged(): void {
    for (const listener of [...this.statusListeners]) listener();
  }

  /** Stops syncing, flushes and closes every space. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.open.values()) {
      for (const release of entry.releases) release();
      entry.sync?.destroy();
    }
    this.listeners.clear();
    this.statusListeners.clear();
    this.refusalListeners.clear();
    this.directoryListeners.clear();
    await this.archive.close();
    await this.store.close();
  }
}
