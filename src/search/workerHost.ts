// The worker side of the protocol: a SearchService answering requests on a message port, one at
// a time in arrival order per method call (the service itself queues mutations per space).
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from '../util/logger';
import { engineNamed } from './engines';
import type { Fingerprints, SearchApi } from './searchApi';
import { SearchService } from './searchService';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './workerProtocol';

/** Answers requests arriving on `port` until it closes. */
export function serveSearch(port: MessagePort, config: WorkerConfig): void {
  const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
  const logger: Logger = {
    info: (message) => post({ kind: 'log', level: 'info', message }),
    warn: (message) => post({ kind: 'log', level: 'warn', message }),
    error: (message) => post({ kind: 'log', level: 'error', message }),
  };
  const service = new SearchService({
    engine: engineNamed(config.engine),
    fsync: config.fsync,
    memoryDocs: config.memoryDocs,
    maxSegmentDocs: config.maxSegmentDocs,
    logger,
  });
  port.on('message', (request: WorkerRequest) => {
    const method = service[request.method] as (...args: unknown[]) => Promise<unknown>;
    if (typeof method !== 'function') {
      post({ kind: 'reply', id: request.id, ok: false, error: `unknown method ${String(request.method)}` });
      return;
    }
    method.apply(service as SearchApi, [...request.args]).then(
      (value) => {
        // Fingerprints move, not copy: 100k numbers should not be cloned.
        const transfer = request.method === 'fingerprints' ? [(value as Fingerprints).values.buffer as ArrayBuffer] : [];
        post({ kind: 'reply', id: request.id, ok: true, value }, transfer);
      },
      (error: unknown) => post({ kind: 'reply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
