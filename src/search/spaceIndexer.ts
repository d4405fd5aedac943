// Keeps one space's search index in step with the space's Y.Doc, through any SearchApi (the worker
// client in the extension host, the in-process service in the CLI).
//
//   start():   opens the index, then catches up: every record's fingerprint is compared with the
//              index's, in slices of at most `sliceMs` (the host's event loop is never held longer),
//              changed records are sent in batches of `batchSize`, vanished ones removed. With a
//              `sourceVersion` function, an index whose last commit recorded the same version skips
//              the catch-up entirely.
//   then:      every change to the records map (local or from sync) queues the record's id; after
//              `debounceMs` the queued records are read and sent; after `commitAfterMs` of quiet the
//              index is committed, so a restart finds it on disk.
//   dispose(): sends what is queued, commits, closes the space's index.
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { findRecordMap, isMalformed, observeRecordIds, readRecord, recordIds } from '../store/recordsDoc';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { OpenReport, SearchApi } from './searchApi';
import { fingerprint, toSearchDoc } from './searchDoc';
import type { SearchDoc, StatusOf } from './searchDoc';

export interface SpaceIndexerOptions {
  readonly api: SearchApi;
  readonly space: string;
  /** The index folder (searchApi.ts `searchDir(storeRoot, space)`). */
  readonly dir: string;
  readonly doc: Y.Doc;
  readonly statusOf?: StatusOf;
  readonly logger?: Logger;
  /** Longest stretch of catch-up work between two turns of the event loop (default 8 ms). */
  readonly sliceMs?: number;
  /** Records per upsert message (default 200: ~0.5 MB, well under a millisecond to clone). */
  readonly batchSize?: number;
  /** Wait after a change before sending it, to gather bursts (default 30 ms). */
  readonly debounceMs?: number;
  /** Quiet time before a commit (default 5000 ms; 0: only on dispose). */
  readonly commitAfterMs?: number;
  /** The document's version now (e.g. `docVersion`); lets start() skip an index already up to date. */
  readonly sourceVersion?: () => string;
}

export interface CatchUpReport {
  readonly open: OpenReport;
  /** Records sent because the index lacked them or held another version. */
  readonly sent: number;
  readonly removed: number;
  /** True when the recorded source version matched and nothing was compared. */
  readonly upToDate: boolean;
}

/** A version of the whole document (state vector and delete set): equal documents, equal versions. */
export function docVersion(doc: Y.Doc): string {
  return createHash('sha256')
    .update(Y.encodeSnapshot(Y.snapshot(doc)))
    .digest('base64url');
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SpaceIndexer {
  private readonly queued = new Set<string>();
  private unobserve: (() => void) | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private commitTimer: ReturnType<typeof setTimeout> | undefined;
  private catchingUp = true;
  private sending: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly logger: Logger;

  constructor(private readonly options: SpaceIndexerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<CatchUpReport> {
    const { api, space, dir, doc } = this.options;
    this.unobserve = observeRecordIds(doc, (ids) => {
      for (const id of ids) this.queued.add(id);
      this.schedule();
    });
    let open: OpenReport;
    try {
      open = await api.open(space, dir);
    } catch (error) {
      this.unobserve();
      this.unobserve = undefined;
      throw error;
    }
    try {
      if (open.discarded) this.logger.warn(`search ${space}: ${open.discarded}; rebuilding`);
      const version = this.options.sourceVersion?.();
      if (version !== undefined && open.sourceVersion === version) return { open, sent: 0, removed: 0, upToDate: true };
      const { sent, removed } = await this.catchUp();
      if (sent + removed > 0 || version !== undefined) await api.commit(space, this.queued.size === 0 ? version : undefined);
      return { open, sent, removed, upToDate: false };
    } finally {
      this.catchingUp = false;
      this.schedule();
    }
  }

  private async catchUp(): Promise<{ sent: number; removed: number }> {
    const { api, space, doc } = this.options;
    const sliceMs = this.options.sliceMs ?? 8;
    const batchSize = this.options.batchSize ?? 200;
    const printed = await api.fingerprints(space);
    const known = new Map<string, number>();
    printed.ids.forEach((id, index) => known.set(id, printed.values[index]));
    const ids = recordIds(doc);
    const seen = new Set<string>();
    let batch: SearchDoc[] = [];
    let sent = 0;
    let sliceStart = performance.now();
    for (const id of ids) {
      if (this.disposed) break;
      const record = readRecord(id, findRecordMap(doc, id));
      if (!isMalformed(record)) {
        seen.add(id);
        const searchDoc = toSearchDoc(record, this.options.statusOf);
        if (known.get(id) !== fingerprint(searchDoc)) batch.push(searchDoc);
      }
      if (batch.length >= batchSize) {
        sent += batch.length;
        await api.upsert(space, batch);
        batch = [];
        sliceStart = performance.now();
      } else if (performance.now() - sliceStart > sliceMs) {
        await turn();
        sliceStart = performance.now();
      }
    }
    if (batch.length > 0) {
      sent += batch.length;
      await api.upsert(space, batch);
    }
    const gone = printed.ids.filter((id) => !seen.has(id));
    if (gone.length > 0) await api.remove(space, gone);
    return { sent, removed: gone.length };
  }

  private schedule(): void {
    if (this.catchingUp || this.disposed || this.queued.size === 0 || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.sending = this.sending
        .then(() => this.sendQueued())
        .catch((error: unknown) => this.logger.error(`search ${this.options.space}: ${String(error)}`));
    }, this.options.debounceMs ?? 30);
  }

  /** Reads and sends the queued records, in slices; then arms the commit timer. */
  private async sendQueued(): Promise<void> {
    const { api, space, doc } = this.options;
    const sliceMs = this.options.sliceMs ?? 8;
    const batchSize = this.options.batchSize ?? 200;
    while (this.queued.size > 0) {
      const upserts: SearchDoc[] = [];
      const removals: string[] = [];
      const sliceStart = performance.now();
      for (const id of this.queued) {
        this.queued.delete(id);
        const map = findRecordMap(doc, id);
        if (map === undefined) removals.push(id);
        else {
          const record = readRecord(id, map);
          if (!isMalformed(record)) upserts.push(toSearchDoc(record, this.options.statusOf));
        }
        if (upserts.length >= batchSize || performance.now() - sliceStart > sliceMs) break;
      }
      if (removals.length > 0) await api.remove(space, removals);
      if (upserts.length > 0) await api.upsert(space, upserts);
      if (this.queued.size > 0) await turn();
    }
    this.armCommit();
  }

  private armCommit(): void {
    const after = this.options.commitAfterMs ?? 5000;
    if (after <= 0 || this.disposed) return;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      this.sending = this.sending
        .then(() => this.options.api.commit(this.options.space))
        .catch((error: unknown) => this.logger.error(`search ${this.options.space}: commit failed: ${String(error)}`));
    }, after);
  }

  /** Resolves when every change seen so far is searchable. */
  async flush(): Promise<void> {
    if (this.debounce) {
      clearTimeout(this.debounce);
      this.debounce = undefined;
    }
    this.sending = this.sending.then(() => this.sendQueued());
    await this.sending;
  }

  /** Stops following the document, sends what is queued, commits and closes the space's index. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.unobserve?.();
    await this.flush().catch((error: unknown) => this.logger.error(`search ${this.options.space}: ${String(error)}`));
    this.disposed = true;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    const { api, space } = this.options;
    const version = this.options.sourceVersion?.();
    await api.commit(space, version);
    await api.close(space);
  }
}
