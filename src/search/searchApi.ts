// The search API, for the VS Code layer and the command line. Two implementations, one interface:
//
//   SearchService       (searchService.ts)  in-process; the command-line tool and tests use it.
//   SearchWorkerClient  (workerClient.ts)   the same calls, run in a worker thread; the extension
//                                           host uses it, so indexing never blocks it.
//   SpaceIndexer        (spaceIndexer.ts)   keeps one space's index in step with its Y.Doc, on
//                                           either of them.
//
// Usage in the extension host:
//
//   const search = new SearchWorkerClient({ workerPath: path.join(__dirname, 'searchWorker.js') });
//   const indexer = new SpaceIndexer({ api: search, space, dir: searchDir(storeRoot, space), doc });
//   await indexer.start();                               // opens, catches up, follows edits
//   const { hits } = await search.search('接口延迟 status:archived', { limit: 20, typing: true });
//   ...
//   await indexer.dispose();  await search.dispose();
//
// One index per space, in `<store root>/search/<space>/` (`searchDir`). A search runs over every
// open space unless `options.spaces` names some. Query syntax: see query.ts.
import * as path from 'node:path';
import type { SearchDoc } from './searchDoc';
import type { Range } from './snippet';

export interface SearchFilters {
  kind?: readonly string[];
  status?: readonly string[];
  department?: readonly string[];
  /** Created at or after (ISO instant, or YYYY-MM-DD = that day 00:00 China Standard Time). */
  from?: string;
  /** Created before (same formats). */
  to?: string;
}

export interface SearchOptions {
  filters?: SearchFilters;
  /** Spaces to search (default: every open one). */
  spaces?: readonly string[];
  /** Default 20, at most 1000. */
  limit?: number;
  offset?: number;
  /** The text is still being typed: its last word also matches as a prefix. Default false. */
  typing?: boolean;
}

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  /** Relevance (higher first); 0 when the query has no words and only filters decide. */
  readonly score: number;
  readonly kind: string;
  readonly status: string;
  readonly space: string;
  readonly department: string;
  readonly createdAt: string;
  /** Where the query matched in the title. */
  readonly titleHighlights: readonly Range[];
  /** Part of the body (or of the people, tags, counterpart) around the matches. */
  readonly snippet: string;
  readonly highlights: readonly Range[];
}

export interface SearchResponse {
  readonly hits: readonly SearchHit[];
  /** Docs matching in all (before limit/offset). */
  readonly total: number;
  /** True when the exact words found too little and typo-tolerant matching was used. */
  readonly relaxed: boolean;
  readonly tookMs: number;
}

export interface OpenReport {
  readonly space: string;
  readonly docCount: number;
  /** What the last commit said the index reflects (see SearchIndex.commit). */
  readonly sourceVersion?: string;
  /** Set when a stored index could not be used (other format, corrupt file) and was discarded. */
  readonly discarded?: string;
}

/** Each indexed id and the fingerprint of what was indexed (searchDoc.ts `fingerprint`). */
export interface Fingerprints {
  readonly ids: readonly string[];
  readonly values: Float64Array;
}

export interface IndexStats {
  readonly space: string;
  readonly docCount: number;
  /** A background merge is running (searches still answer, a little slower). */
  readonly merging: boolean;
  readonly segments: readonly { readonly name: string; readonly docs: number; readonly deleted: number }[];
}

export interface SearchApi {
  /** Opens (or creates) the index of `space` in `dir`. A stored index that cannot be used is discarded and reported, never thrown. */
  open(space: string, dir: string): Promise<OpenReport>;
  /** Adds or replaces docs; searchable when the promise resolves. */
  upsert(space: string, docs: readonly SearchDoc[]): Promise<void>;
  remove(space: string, ids: readonly string[]): Promise<void>;
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
  fingerprints(space: string): Promise<Fingerprints>;
  /** Writes everything to disk and records `sourceVersion` as what the index now reflects. */
  commit(space: string, sourceVersion?: string): Promise<void>;
  /** Closes one space's index, or every one. */
  close(space?: string): Promise<void>;
  stats(): Promise<IndexStats[]>;
}

/** Where a space's index lives under a store root (the `--store DIR` of the CLI, `liaison.store.path`). */
export function searchDir(storeRoot: string, space: string): string {
  return path.join(storeRoot, 'search', space);
}
