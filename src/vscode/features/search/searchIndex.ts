// Full-text search in the extension host: one search worker (src/search/workerClient.ts) and one
// SpaceIndexer per open space, set up in the scope of each opened replica (services.onDidOpenReplica).
// When that replica closes (a reload, other spaces, another store, shutdown) its scope awaits the
// indexers' disposal, which commits every index, before the replica closes, so deactivate() waits
// for the disk; the next replica's scope starts them again. When the engine setting changes the
// worker is replaced too (an index of the other engine is discarded and rebuilt by the worker).
//
// Searching while an index is still catching up would answer from half an index: `whenReady()`
// resolves once every space's catch-up is done, and `state` says what a search box should show.
//
// The archive shelves of the spaces have indexes of their own, brought up to date in the
// background once the spaces' indexes are ready (src/app/shelfIndexes.ts); searches cover them too.
import * as vscode from 'vscode';
import { ShelfIndexes } from '../../../app/shelfIndexes';
import { deriveState } from '../../../domain/status';
import { DEFAULT_ENGINE } from '../../../search/engines';
import type { EngineName } from '../../../search/engines';
import { searchDir } from '../../../search/searchApi';
import type { SearchOptions, SearchResponse } from '../../../search/searchApi';
import { SpaceIndexer } from '../../../search/spaceIndexer';
import { SearchWorkerClient } from '../../../search/workerClient';
import { Disposable } from '../../disposable';
import type { Services } from '../../services';
import { SETTINGS } from '../../settingKeys';
import { readSearchEngine } from '../../settings';
import type { ReplicaScope } from '../../shared/replicaScope';
import { l10n } from '../../shared/l10n';

/** What a search box shows: results, a busy line while indexes catch up, or why search is unavailable. */
export type SearchState =
  | { readonly state: 'idle' }
  | { readonly state: 'building' }
  | { readonly state: 'ready' }
  | { readonly state: 'failed'; readonly error: string };

/** Show the progress notification only when a catch-up takes longer than this. */
const PROGRESS_AFTER_MS = 1000;

export class SearchIndex extends Disposable {
  private client: SearchWorkerClient | undefined;
  private clientEngine: EngineName = DEFAULT_ENGINE;
  private workerPath: string | undefined;
  /** The scope of the replica opened last; its indexers are the ones running. */
  private scope: ReplicaScope | undefined;
  private indexers: SpaceIndexer[] = [];
  /** The shelves' indexes of the scope's replica, once its spaces are indexed. */
  private shelves: ShelfIndexes | undefined;
  /** Restarts run one after another, in the order they were asked for. */
  private chain: Promise<void> = Promise.resolve();
  /** Every stop of indexers asked for so far, settled (closing indexes commits them). */
  private stopped: Promise<void> = Promise.resolve();
  private current: SearchState = { state: 'idle' };
  private closed = false;
  private readonly stateEmitter = this.register(new vscode.EventEmitter<SearchState>());
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly services: Services) {
    super();
  }

  get state(): SearchState {
    return this.current;
  }

  /** The engine of the running worker (undefined while none runs). */
  get engine(): EngineName | undefined {
    return this.client ? this.clientEngine : undefined;
  }

  /** Starts indexing each opened replica with the worker at `workerPath` (dist/searchWorker.js). */
  start(workerPath: string): void {
    if (this.workerPath) return;
    this.workerPath = workerPath;
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS.searchEngine) && this.scope?.isOpen) this.restart(this.scope, { newWorker: true });
      }),
    );
    this.register(this.services.onDidOpenReplica((scope) => this.follow(scope)));
  }

  /** Resolves when every open space's index has caught up; rejects with the reason if indexing failed. */
  async whenReady(): Promise<void> {
    // Opening the replica announces its scope, which queues the indexers' start.
    if (!this.services.replica) await this.services.ready();
    // A restart queued while waiting replaces the chain: wait for the newest one.
    for (let chain = this.chain; ; chain = this.chain) {
      await chain;
      if (chain === this.chain) break;
    }
    if (this.current.state === 'failed') throw new Error(this.current.error);
  }

  /** Searches every open space; see src/search/query.ts for the syntax. Waits for the catch-up. */
  async search(text: string, options?: SearchOptions): Promise<SearchResponse> {
    await this.whenReady();
    if (!this.client) throw new Error(l10n.t('Search is not running: no space is open.'));
    return this.client.search(text, options);
  }

  /** Resolves when every record change seen so far is searchable (tests; after a bulk import). */
  async flush(): Promise<void> {
    await this.whenReady();
    await Promise.all(this.indexers.map((indexer) => indexer.flush()));
  }

  /** Resolves when the archive shelves' indexes have caught up with the catalogs as they are now. */
  async whenShelvesIndexed(): Promise<void> {
    await this.whenReady();
    await this.shelves?.idle();
  }

  /** After a failure (the worker died, an index could not be opened): start over with a new worker. */
  retry(): void {
    if (this.current.state === 'failed' && this.scope?.isOpen) this.restart(this.scope, { newWorker: true });
  }

  /** Indexes the spaces of a newly opened replica, and commits and closes its indexes before it closes. */
  private follow(scope: ReplicaScope): void {
    if (this.closed) return;
    this.scope = scope;
    this.restart(scope, { newWorker: false });
    scope.add(async () => {
      // Disposing stops a catch-up still running, so closing never waits for a whole rebuild.
      await this.stopIndexers();
      await this.chain;
      await this.stopIndexers();
    });
  }

  private restart(scope: ReplicaScope, options: { newWorker: boolean }): void {
    if (this.closed) return;
    this.setState({ state: 'building' });
    const run = this.chain.then(() => this.rebuild(scope, options.newWorker));
    this.chain = run.catch((error: unknown) =>
      this.setState({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private async rebuild(scope: ReplicaScope, newWorker: boolean): Promise<void> {
    await this.stopIndexers();
    if (newWorker || this.client?.failed) await this.stopWorker();
    if (this.closed || !scope.isOpen || !this.workerPath) return;
    const replica = scope.replica;
    const client = this.ensureWorker(this.workerPath);
    const storeRoot = this.services.storeRoot();
    const indexers: SpaceIndexer[] = [];
    const spaces = replica.spaceNames.filter((space) => replica.doc(space) !== undefined);
    for (const space of spaces) {
      const doc = replica.doc(space);
      if (!doc) continue;
      indexers.push(
        new SpaceIndexer({
          api: client,
          space,
          dir: searchDir(storeRoot, space),
          doc,
          statusOf: (record) => deriveState(record).status,
          logger: this.services.logger,
        }),
      );
    }
    this.indexers = indexers;
    const started = Date.now();
    const catchUp = Promise.allSettled(indexers.map((indexer) => indexer.start()));
    const progress = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Indexing records for search…') },
        () => catchUp,
      );
    }, PROGRESS_AFTER_MS);
    const results = await catchUp;
    clearTimeout(progress);
    const failures: string[] = [];
    results.forEach((result, index) => {
      const space = spaces[index];
      if (result.status === 'rejected')
        failures.push(`${space}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
      else
        this.services.logger.info(
          `search ${space}: ${result.value.open.docCount} records indexed, ${result.value.sent} sent, ${result.value.removed} removed${result.value.upToDate ? ' (up to date)' : ''} in ${Date.now() - started} ms`,
        );
    });
    // The replica closed meanwhile: its scope stops what was started; the next scope indexes again.
    if (!scope.isOpen || this.closed) return;
    if (failures.length > 0) {
      const error = failures.join('; ');
      this.services.logger.error(`search: indexing failed: ${error}`);
      this.setState({ state: 'failed', error });
      return;
    }
    this.setState({ state: 'ready' });
    this.shelves = new ShelfIndexes({
      replica,
      api: client,
      storeRoot,
      statusOf: (record) => deriveState(record).status,
      logger: this.services.logger,
    });
    this.shelves.start();
  }

  private ensureWorker(workerPath: string): SearchWorkerClient {
    if (this.client) return this.client;
    const engine = readSearchEngine();
    this.clientEngine = engine;
    this.services.logger.info(`search: starting the worker (engine ${engine})`);
    this.client = new SearchWorkerClient({
      workerPath,
      engine,
      logger: this.services.logger,
      onFailure: (error) => {
        // The worker died (out of heap, a bug): say so; the next reopen or setting change starts a new one.
        this.setState({ state: 'failed', error: error.message });
      },
    });
    return this.client;
  }

  /** Disposes (commits) the running indexers; resolves when every stop asked for so far is done. */
  private stopIndexers(): Promise<void> {
    const shelves = this.shelves;
    const indexers = this.indexers;
    this.shelves = undefined;
    this.indexers = [];
    const stop = (async () => {
      await shelves?.stop().catch((error: unknown) => {
        this.services.logger.warn(`search: closing the shelves' indexes failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await Promise.all(
        indexers.map((indexer) =>
          indexer.dispose().catch((error: unknown) => {
            this.services.logger.warn(`search: closing an index failed: ${error instanceof Error ? error.message : String(error)}`);
          }),
        ),
      );
    })();
    this.stopped = Promise.all([this.stopped, stop]).then(() => undefined);
    return this.stopped;
  }

  private async stopWorker(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.dispose().catch(() => undefined);
  }

  private setState(state: SearchState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }

  /**
   * Commits and closes every index and stops the worker; nothing starts after. The replica's scope
   * does the same before the replica closes; this covers the extension being disposed first.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopIndexers();
    await this.chain;
    await this.stopIndexers();
    await this.stopWorker();
  }

  override dispose(): void {
    void this.close();
    super.dispose();
  }
}
