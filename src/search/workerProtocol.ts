// Messages between SearchWorkerClient (extension host) and the search worker, typed once for both.
// A request names a SearchApi method and its arguments; the reply carries the same id.
import type { EngineName } from './engines';
import type { SearchApi } from './searchApi';

export type SearchMethod = keyof SearchApi;

export interface WorkerRequest {
  readonly id: number;
  readonly method: SearchMethod;
  readonly args: readonly unknown[];
}

export type WorkerReply =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly kind: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

/** Given to the worker as `workerData`. */
export interface WorkerConfig {
  readonly engine: EngineName;
  readonly fsync?: boolean;
  readonly memoryDocs?: number;
  readonly maxSegmentDocs?: number;
}
