// A user's replica of their spaces: the local store, the records in it, and (when a server is
// configured) one sync connection per space. No `vscode` here: the extension, the command-line
// tool and tests all drive the same object.
import type { DirectoryData } from '../domain/directory';
import { onDirectoryChanged, readDirectory, writeDirectory } from '../store/directoryDoc';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import { LocalStore, validateSpaceName } from '../store/localStore';
import type { PersistedSpace, StoreProblem } from '../store/persistedSpace';
import { appendEvent, getRecord, listRecords, onRecordsChanged, putRecord } from '../store/recordsDoc';
import type { MalformedRecord } from '../store/recordsDoc';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { SpaceSync } from './syncClient';

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
  private readonly directoryListeners = new Set<() => void>();
  private cache: { records: LiaisonRecord[]; malformed: MalformedRecord[] } | undefined;
  private closed = false;

  private constructor(
    private readonly store: LocalStore,
    private readonly open: Map<string, OpenSpace>,
    readonly server: ServerSettings | undefined,
    /** Why syncing is off although a server was given (a bad address), if it is. */
    readonly serverProblem: string | undefined,
  ) {}

  /**
   * Opens every space from disk (never throws on damaged files: see `problems`), then starts
   * syncing. Bad space names are refused before anything is opened; a bad server address leaves
   * the replica working offline with `serverProblem` set. If opening fails half-way, whatever
   * was opened is closed again, so no space is left writing to its folder.
   */
  static async open(options: ReplicaOptions): Promise<Replica> {
    const logger = options.logger ?? silentLogger;
    for (const name of options.spaces) {
      const problem = validateSpaceName(name);
      if (problem) throw new Error(`space "${name}": ${problem}`);
    }
    const serverProblem = options.server?.url ? checkServerUrl(options.server.url) : undefined;
    const syncWith = options.server?.url && !serverProblem ? options.server : undefined;
    const store = new LocalStore(options.storeRoot, { logger });
    const open = new Map<string, OpenSpace>();
    const replica = new Replica(store, open, options.server, serverProblem);
    try {
      for (const name of options.spaces) {
        const space = await store.openSpace(name);
        const entry: OpenSpace = { name, space, releases: [] };
        open.set(name, entry);
        entry.releases.push(onRecordsChanged(space.doc, () => replica.changed()));
        entry.releases.push(onDirectoryChanged(space.doc, () => replica.directoryChanged()));
        if (syncWith) {
          const sync = new SpaceSync({ doc: space.doc, serverUrl: syncWith.url, space: name, token: syncWith.token, logger });
          entry.sync = sync;
          entry.releases.push(sync.onStatus(() => replica.statusChanged()));
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

  malformed(): MalformedRecord[] {
    return this.snapshot().malformed;
  }

  private snapshot(): { records: LiaisonRecord[]; malformed: MalformedRecord[] } {
    if (!this.cache) {
      const records: LiaisonRecord[] = [];
      const malformed: MalformedRecord[] = [];
      for (const entry of this.open.values()) {
        const found = listRecords(entry.space.doc);
        records.push(...found.records.map((record) => ({ ...record, space: entry.name })));
        malformed.push(...found.malformed);
      }
      this.cache = { records, malformed };
    }
    return this.cache;
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

  /** Appends an event; resolves true once durable, false when the record does not exist. */
  async appendEvent(space: string, id: string, event: RecordEvent): Promise<boolean> {
    const entry = this.entry(space);
    if (!appendEvent(entry.space.doc, id, event)) return false;
    await entry.space.flush();
    return true;
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
      if (!entry.sync) return this.serverProblem ? { space: entry.name, state: 'local', error: this.serverProblem } : { space: entry.name, state: 'local' };
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
    this.directoryListeners.clear();
    await this.store.close();
  }
}
