// SearchApi over a worker thread: the extension host's way to search, so that building, merging
// and loading indexes never run on its event loop. Every call is one message; what crosses is
// plain data (SearchDoc in, SearchResponse out), so the host only pays for structured cloning.
//
// If the worker dies (an uncaught error, or its heap limit: `maxHeapMb`), every pending and later
// call rejects with the reason, and `onFailure` is told once; make a new client to start over.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { Fingerprints, IndexStats, OpenReport, SearchApi, SearchOptions, SearchResponse } from './searchApi';
import { DEFAULT_ENGINE } from './engines';
import type { EngineName } from './engines';
import type { SearchDoc } from './searchDoc';
import type { SearchMethod, WorkerConfig, WorkerReply, WorkerRequest } from './workerProtocol';

export interface SearchWorkerClientOptions {
  /**
   * The worker script: `path.join(__dirname, 'searchWorker.js')` from the extension bundle in dist/,
   * or the transpiled `src/search/worker.js` in tests.
   */
  workerPath: string;
  /** Default engines.ts DEFAULT_ENGINE ('compact'); 'lunr' is the alternative. */
  engine?: EngineName;
  fsync?: boolean;
  memoryDocs?: number;
  maxSegmentDocs?: number;
  /** Heap limit of the worker (default 4096 MB): an index that outgrows it stops the worker, not the host. */
  maxHeapMb?: number;
  logger?: Logger;
  onFailure?: (error: Error) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SearchWorkerClient implements SearchApi {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  private disposed = false;
  private readonly logger: Logger;

  constructor(private readonly options: SearchWorkerClientOptions) {
    this.logger = options.logger ?? silentLogger;
    const config: WorkerConfig = {
      engine: options.engine ?? DEFAULT_ENGINE,
      fsync: options.fsync,
      memoryDocs: options.memoryDocs,
      maxSegmentDocs: options.maxSegmentDocs,
    };
    this.worker = new Worker(options.workerPath, {
      workerData: config,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 4096 },
    });
    this.worker.on('message', (message: WorkerReply) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.disposed) this.fail(new Error(`the search worker exited (code ${code})`));
    });
  }

  /** Set once the worker has died: the reason. */
  get failed(): Error | undefined {
    return this.failure;
  }

  private onMessage(message: WorkerReply): void {
    if (message.kind === 'log') {
      this.logger[message.level](message.message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = new Error(`search worker stopped: ${error.message}`);
    this.logger.error(this.failure.message);
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    this.options.onFailure?.(this.failure);
  }

  private call<T>(method: SearchMethod, ...args: unknown[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.disposed) return Promise.reject(new Error('the search worker client is disposed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: WorkerRequest = { id, method, args };
      this.worker.postMessage(request);
    });
  }

  open(space: string, dir: string): Promise<OpenReport> {
    return this.call('open', space, dir);
  }

  upsert(space: string, docs: readonly SearchDoc[]): Promise<void> {
    return this.call('upsert', space, docs);
  }

  remove(space: string, ids: readonly string[]): Promise<void> {
    return this.call('remove', space, ids);
  }

  search(query: string, options?: SearchOptions): Promise<SearchResponse> {
    return this.call('search', query, options);
  }

  fingerprints(space: string): Promise<Fingerprints> {
    return this.call('fingerprints', space);
  }

  commit(space: string, sourceVersion?: string): Promise<void> {
    return this.call('commit', space, sourceVersion);
  }

  close(space?: string): Promise<void> {
    return this.call('close', space);
  }

  stats(): Promise<IndexStats[]> {
    return this.call('stats');
  }

  /** Closes every index (without committing: commit first to keep recent edits on disk) and stops the worker. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (!this.failure) await this.close().catch(() => undefined);
    this.disposed = true;
    await this.worker.terminate();
    for (const pending of this.pending.values()) pending.reject(new Error('the search worker client is disposed'));
    this.pending.clear();
  }
}
