// One space's search index: segments as in Lucene, because a lunr index cannot change once built.
//
//   - An upsert builds a small segment of just the changed docs, in memory, and marks the older
//     version of each doc deleted in whatever segment held it: searchable as soon as the call
//     resolves, whatever the index size.
//   - Background merges (tiered: `mergeFactor` segments of one size tier become one, at most
//     `maxSegmentDocs`) keep the number of segments small; memory segments are merged into one
//     written to disk once they hold `memoryDocs` docs, or at `commit()`. Merges rebuild from the
//     stored docs (lunr cannot merge indexes), in slices, so searches run between slices.
//   - On disk: `manifest.json` + `<segment>.engine` + `<segment>.docs` (manifest.ts, docTable.ts).
//     An index of another format, engine or analyzer, or with a damaged file, is discarded on open
//     and reported (`discarded`): the caller re-adds the docs; it never throws for that.
//
// Every mutation (upsert, remove, commit, applying a merge) runs in one queue, in call order.
// Searches do not queue: they read the current list of segments. Which merge is next is
// mergePolicy.ts; running a query over the segments is searchRun.ts.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { Pause, SearchEngine } from './engine';
import { engineNamed } from './engines';
import type { Located } from './evaluate';
import { INDEX_FORMAT, isIndexFile, readManifest, writeManifest } from './manifest';
import type { Manifest } from './manifest';
import { pickMerge } from './mergePolicy';
import type { MergePlan } from './mergePolicy';
import type { Fingerprints, SearchOptions, SearchResponse } from './searchApi';
import { fingerprint } from './searchDoc';
import type { SearchDoc } from './searchDoc';
import { buildSegment, openSegment } from './segment';
import type { Segment } from './segment';
import { RELAX_BELOW, runSearch } from './searchRun';
import { ANALYZER_VERSION } from './tokenizer';

export interface SearchIndexOptions {
  /** Default: engines.ts DEFAULT_ENGINE (compact). */
  engine?: SearchEngine;
  logger?: Logger;
  /** Milliseconds, for `tookMs` (default performance.now). */
  now?: () => number;
  /** Gives the event loop a turn during long builds (default: setImmediate). */
  pause?: Pause;
  /** Docs held in memory segments before they are written as one segment (default 1000). */
  memoryDocs?: number;
  /** Segments of one size tier merged at once (default 8). */
  mergeFactor?: number;
  /** Merges stop growing a segment past this (default 50 000). */
  maxSegmentDocs?: number;
  /** A larger upsert is cut into segments of this many docs, written to disk at once (default 5000). */
  bulkSegmentDocs?: number;
  /** Index terms one prefix / wildcard / fuzzy word may stand for, per segment (default 50). */
  maxExpansions?: number;
  /** fsync segment files and the manifest (default true; benchmarks of speed only may turn it off). */
  fsync?: boolean;
}

// Where a query is run (./searchRun.ts).
export { RELAX_BELOW };

const setImmediatePause: Pause = () => new Promise((resolve) => setImmediate(resolve));

interface Merged {
  readonly segment: Segment;
  readonly sources: readonly Located[];
}

export class SearchIndex {
  private segments: Segment[] = [];
  private readonly locations = new Map<string, Located>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextSegment = 0;
  /** Changed since the last commit (so the manifest must not claim the committed source version). */
  private dirty = false;
  private committedVersion: string | undefined;
  private maintenance: Promise<void> | undefined;
  private closed = false;
  private activeSearches = 0;
  /** Segments merged away, closed (and their files deleted) once no search is reading them. */
  private retired: Segment[] = [];
  private readonly engine: SearchEngine;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly pause: Pause;
  private readonly memoryDocs: number;
  private readonly mergeFactor: number;
  private readonly maxSegmentDocs: number;
  private readonly bulkSegmentDocs: number;
  private readonly maxExpansions: number;
  private readonly fsync: boolean;
  /** Why a stored index was discarded on open, if it was. */
  discarded: string | undefined;

  private constructor(
    /** Folder of the index; undefined: memory only (tests, benchmarks). */
    readonly dir: string | undefined,
    options: SearchIndexOptions,
  ) {
    this.engine = options.engine ?? engineNamed();
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? ((): number => performance.now());
    this.pause = options.pause ?? setImmediatePause;
    this.memoryDocs = options.memoryDocs ?? 1000;
    this.mergeFactor = Math.max(2, options.mergeFactor ?? 8);
    this.maxSegmentDocs = options.maxSegmentDocs ?? 50_000;
    this.bulkSegmentDocs = options.bulkSegmentDocs ?? 5000;
    this.maxExpansions = options.maxExpansions ?? 50;
    this.fsync = options.fsync ?? true;
  }

  /**
   * Opens the index in `dir` (created if missing), or a memory-only index when `dir` is undefined.
   * A stored index that cannot be used is discarded (see `discarded`); only I/O errors on the folder itself throw.
   */
  static async open(dir: string | undefined, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const index = new SearchIndex(dir, options);
    if (dir !== undefined) await index.load(dir);
    return index;
  }

  private async load(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    const manifest = await readManifest(dir, this.engine.id, ANALYZER_VERSION);
    if (manifest !== undefined && 'unusable' in manifest) {
      await this.discard(dir, manifest.unusable);
      return;
    }
    const opened: Segment[] = [];
    try {
      for (const entry of manifest?.segments ?? []) {
        const deleted = entry.deleted ? new Uint8Array(Buffer.from(entry.deleted, 'base64')) : undefined;
        const segment = await openSegment(this.engine, dir, entry.name, deleted);
        opened.push(segment);
        if (segment.docCount !== entry.docCount)
          throw new Error(`segment ${entry.name} has ${segment.docCount} docs, the manifest says ${entry.docCount}`);
        await this.pause();
      }
    } catch (error) {
      await Promise.all(opened.map((segment) => segment.close()));
      await this.discard(dir, `segment unreadable: ${(error as Error).message}`);
      return;
    }
    for (const segment of opened) this.add(segment);
    this.nextSegment = manifest?.nextSegment ?? 0;
    this.committedVersion = manifest?.sourceVersion;
    // Files no manifest names: leftovers of a merge or flush that a crash interrupted.
    const named = new Set(opened.flatMap((segment) => [`${segment.name}.engine`, `${segment.name}.docs`]));
    for (const file of await fs.readdir(dir)) {
      if (isIndexFile(file) && file !== 'manifest.json' && !named.has(file)) await fs.rm(path.join(dir, file), { force: true });
    }
  }

  private async discard(dir: string, reason: string): Promise<void> {
    this.discarded = reason;
    this.logger.warn(`search index ${dir}: discarded (${reason}); it is rebuilt from the records`);
    for (const file of await fs.readdir(dir)) if (isIndexFile(file)) await fs.rm(path.join(dir, file), { force: true });
  }

  get docCount(): number {
    return this.locations.size;
  }

  /** What the last commit said the index reflects, unless something changed since. */
  get sourceVersion(): string | undefined {
    return this.dirty ? undefined : this.committedVersion;
  }

  /** Registers a segment: its docs supersede any older version of the same ids. */
  private add(segment: Segment): void {
    const { table } = segment;
    for (let doc = 0; doc < table.count; doc++) {
      if (segment.isDeleted(doc)) continue;
      const id = table.ids[doc];
      const old = this.locations.get(id);
      if (old) old.segment.markDeleted(old.doc);
      this.locations.set(id, { segment, doc });
    }
    this.segments.push(segment);
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The search index is closed.'));
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private newName(): string {
    return `s${this.nextSegment++}`;
  }

  /** Adds or replaces docs. Resolves once they are searchable. Docs whose fingerprint is unchanged are skipped. */
  upsert(docs: readonly SearchDoc[]): Promise<void> {
    return this.enqueue(async () => {
      const latest = new Map<string, SearchDoc>();
      for (const doc of docs) latest.set(doc.id, doc);
      const changed: SearchDoc[] = [];
      const prints: number[] = [];
      for (const doc of latest.values()) {
        const print = fingerprint(doc);
        const old = this.locations.get(doc.id);
        if (old && old.segment.table.fingerprints[old.doc] === print) continue;
        changed.push(doc);
        prints.push(print);
      }
      if (changed.length === 0) return;
      let wrote = false;
      for (let from = 0; from < changed.length; from += this.bulkSegmentDocs) {
        const part = changed.slice(from, from + this.bulkSegmentDocs);
        const toDisk = this.dir !== undefined && part.length >= this.memoryDocs;
        const disk = toDisk ? { dir: this.dir as string, name: this.newName(), fsync: this.fsync } : undefined;
        this.add(await buildSegment(this.engine, part, prints.slice(from, from + part.length), this.pause, disk));
        wrote ||= toDisk;
      }
      this.dirty = true;
      if (wrote) await this.persistManifest();
      this.scheduleMaintenance();
    });
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      for (const id of ids) {
        const old = this.locations.get(id);
        if (!old) continue;
        old.segment.markDeleted(old.doc);
        this.locations.delete(id);
        this.dirty = true;
      }
      this.scheduleMaintenance();
    });
  }

  fingerprints(): Fingerprints {
    const ids: string[] = [];
    const values = new Float64Array(this.locations.size);
    for (const [id, { segment, doc }] of this.locations) {
      values[ids.length] = segment.table.fingerprints[doc];
      ids.push(id);
    }
    return { ids, values };
  }

  /** Writes every memory segment to disk, then a manifest recording `sourceVersion`. */
  async commit(sourceVersion?: string): Promise<void> {
    await this.settle();
    await this.enqueue(async () => {
      if (this.dir !== undefined) {
        const memory = this.segments.filter((segment) => segment.name === undefined);
        if (memory.length > 0) {
          const plan = { segments: memory, toDisk: true };
          this.applyMerge(plan, await this.buildMerged(plan));
        }
      }
      this.dirty = false;
      this.committedVersion = sourceVersion;
      await this.persistManifest();
      this.releaseRetired();
    });
  }

  /** Resolves when no merge is running. */
  async settle(): Promise<void> {
    while (this.maintenance) await this.maintenance;
  }

  private manifest(): Manifest {
    return {
      format: INDEX_FORMAT,
      engine: this.engine.id,
      analyzer: ANALYZER_VERSION,
      nextSegment: this.nextSegment,
      segments: this.segments
        .filter((segment) => segment.name !== undefined)
        .map((segment) => ({
          name: segment.name as string,
          docCount: segment.docCount,
          deleted: segment.liveCount < segment.docCount ? Buffer.from(segment.deleted).toString('base64') : undefined,
        })),
      sourceVersion: this.sourceVersion,
    };
  }

  private async persistManifest(): Promise<void> {
    if (this.dir !== undefined) await writeManifest(this.dir, this.manifest(), this.fsync);
  }

  private scheduleMaintenance(): void {
    if (this.maintenance || this.closed) return;
    const run = async (): Promise<void> => {
      for (let plan = this.pickMerge(); plan && !this.closed; plan = this.pickMerge()) {
        const merged = await this.buildMerged(plan);
        await this.enqueue(async () => {
          if (this.closed || plan.segments.some((segment) => !this.segments.includes(segment))) {
            await this.drop(merged.segment);
            return;
          }
          this.applyMerge(plan, merged);
          if (merged.segment.name !== undefined || plan.segments.some((segment) => segment.name !== undefined))
            await this.persistManifest();
          this.releaseRetired();
        });
      }
    };
    // Cleared in a callback, never inside `run`: run may finish before this assignment.
    const maintenance: Promise<void> = run()
      .catch((error: unknown) => {
        if (!this.closed) this.logger.error(`search index: a merge failed: ${(error as Error).stack ?? String(error)}`);
      })
      .finally(() => {
        if (this.maintenance === maintenance) this.maintenance = undefined;
      });
    this.maintenance = maintenance;
  }

  /** The next merge worth doing, if any (see the file comment and mergePolicy.ts). */
  private pickMerge(): MergePlan | undefined {
    return pickMerge(this.segments, {
      persistent: this.dir !== undefined,
      memoryDocs: this.memoryDocs,
      mergeFactor: this.mergeFactor,
      maxSegmentDocs: this.maxSegmentDocs,
    });
  }

  /** Builds the merge of `plan` from the stored docs; does not touch the live segment list. */
  private async buildMerged(plan: MergePlan): Promise<Merged> {
    // Which docs go in is decided now, once; deletions made later are carried over by applyMerge.
    const deleted = plan.segments.map((segment) => Uint8Array.from(segment.deleted));
    const isDeleted = (part: number, doc: number): boolean => (deleted[part][doc >> 3] & (1 << (doc & 7))) !== 0;
    const docs: SearchDoc[] = [];
    const prints: number[] = [];
    const sources: Located[] = [];
    for (const [part, segment] of plan.segments.entries()) {
      const all = await segment.allDocs();
      for (let doc = 0; doc < segment.docCount; doc++) {
        if (isDeleted(part, doc)) continue;
        docs.push(all[doc]);
        prints.push(segment.table.fingerprints[doc]);
        sources.push({ segment, doc });
      }
      await this.pause();
    }
    const disk = plan.toDisk && this.dir !== undefined ? { dir: this.dir, name: this.newName(), fsync: this.fsync } : undefined;
    const prebuilt = this.engine.merge
      ? await this.engine.merge(
          plan.segments.map((segment, part) => ({ segment: segment.engine, isDeleted: (doc: number) => isDeleted(part, doc) })),
          this.pause,
        )
      : undefined;
    return { segment: await buildSegment(this.engine, docs, prints, this.pause, disk, prebuilt), sources };
  }

  /** Swaps the merged segment in for its sources, carrying over deletions made while it was built. Synchronous. */
  private applyMerge(plan: MergePlan, merged: Merged): void {
    merged.sources.forEach((source, index) => {
      if (source.segment.isDeleted(source.doc)) merged.segment.markDeleted(index);
      else this.locations.set(merged.segment.table.ids[index], { segment: merged.segment, doc: index });
    });
    const replaced = new Set(plan.segments);
    this.segments = [...this.segments.filter((segment) => !replaced.has(segment)), merged.segment];
    this.retired.push(...plan.segments);
  }

  /** Closes retired segments (and deletes their files) once no search reads them. */
  private releaseRetired(): void {
    if (this.activeSearches > 0 || this.retired.length === 0) return;
    const retired = this.retired;
    this.retired = [];
    for (const segment of retired) void this.drop(segment);
  }

  private async drop(segment: Segment): Promise<void> {
    try {
      await segment.close();
      if (segment.name !== undefined && this.dir !== undefined) {
        await fs.rm(path.join(this.dir, `${segment.name}.engine`), { force: true });
        await fs.rm(path.join(this.dir, `${segment.name}.docs`), { force: true });
      }
    } catch (error) {
      this.logger.warn(`search index: could not remove segment ${segment.name ?? '(memory)'}: ${(error as Error).message}`);
    }
  }

  /** Runs a query (query.ts syntax) with filters; the best `limit` hits after `offset`, with snippets (./searchRun.ts). */
  async search(text: string, options: SearchOptions = {}): Promise<SearchResponse> {
    this.activeSearches++;
    try {
      return await runSearch([...this.segments], text, options, { maxExpansions: this.maxExpansions, now: this.now });
    } finally {
      this.activeSearches--;
      this.releaseRetired();
    }
  }

  stats(): { docCount: number; merging: boolean; segments: { name: string; docs: number; deleted: number }[] } {
    return {
      docCount: this.docCount,
      merging: this.maintenance !== undefined,
      segments: this.segments.map((segment) => ({
        name: segment.name ?? '(memory)',
        docs: segment.docCount,
        deleted: segment.docCount - segment.liveCount,
      })),
    };
  }

  /** Stops merging, waits for queued mutations, releases files. Does not commit: call commit() first to keep memory segments. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settle();
    await this.enqueue(() => Promise.resolve());
    this.closed = true;
    const current = this.segments;
    const retired = this.retired;
    this.segments = [];
    this.retired = [];
    this.locations.clear();
    // Retired segments are no longer in the manifest: their files go too.
    await Promise.all([...current.map((segment) => segment.close()), ...retired.map((segment) => this.drop(segment))]);
  }
}
