// SearchApi in process: one SearchIndex per space, a search across spaces merged by score.
// The command-line tool and tests use it directly; the search worker wraps it (workerHost.ts).
import { performance } from 'node:perf_hooks';
import type { Fingerprints, IndexStats, OpenReport, SearchApi, SearchHit, SearchOptions, SearchResponse } from './searchApi';
import type { SearchDoc } from './searchDoc';
import { SearchIndex } from './searchIndex';
import type { SearchIndexOptions } from './searchIndex';

export class SearchService implements SearchApi {
  private readonly indexes = new Map<string, Promise<SearchIndex>>();

  constructor(private readonly options: SearchIndexOptions = {}) {}

  async open(space: string, dir: string): Promise<OpenReport> {
    let opening = this.indexes.get(space);
    if (!opening) {
      opening = SearchIndex.open(dir, this.options);
      this.indexes.set(space, opening);
      opening.catch(() => this.indexes.delete(space));
    }
    const index = await opening;
    if (index.dir !== dir) throw new Error(`space ${space} is already open with its index in ${index.dir ?? '(memory)'}`);
    return { space, docCount: index.docCount, sourceVersion: index.sourceVersion, discarded: index.discarded };
  }

  private index(space: string): Promise<SearchIndex> {
    const index = this.indexes.get(space);
    return index ?? Promise.reject(new Error(`search: space ${space} is not open`));
  }

  async upsert(space: string, docs: readonly SearchDoc[]): Promise<void> {
    await (await this.index(space)).upsert(docs);
  }

  async remove(space: string, ids: readonly string[]): Promise<void> {
    await (await this.index(space)).remove(ids);
  }

  async fingerprints(space: string): Promise<Fingerprints> {
    return (await this.index(space)).fingerprints();
  }

  async commit(space: string, sourceVersion?: string): Promise<void> {
    await (await this.index(space)).commit(sourceVersion);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    const started = performance.now();
    const spaces = options.spaces ?? [...this.indexes.keys()];
    const limit = Math.max(1, options.limit ?? 20);
    const offset = Math.max(0, options.offset ?? 0);
    const responses = await Promise.all(
      spaces
        .filter((space) => this.indexes.has(space))
        .map(async (space) => (await this.index(space)).search(query, { ...options, limit: offset + limit, offset: 0 })),
    );
    const hits: SearchHit[] = responses.flatMap((response) => response.hits);
    hits.sort((a, b) => b.score - a.score || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return {
      hits: hits.slice(offset, offset + limit),
      total: responses.reduce((sum, response) => sum + response.total, 0),
      relaxed: responses.some((response) => response.relaxed),
      tookMs: performance.now() - started,
    };
  }

  async stats(): Promise<IndexStats[]> {
    const out: IndexStats[] = [];
    for (const [space, opening] of this.indexes) {
      const stats = (await opening).stats();
      out.push({ space, ...stats });
    }
    return out;
  }

  async close(space?: string): Promise<void> {
    const spaces = space === undefined ? [...this.indexes.keys()] : [space];
    await Promise.all(
      spaces.map(async (name) => {
        const opening = this.indexes.get(name);
        this.indexes.delete(name);
        if (opening) await (await opening).close();
      }),
    );
  }
}
