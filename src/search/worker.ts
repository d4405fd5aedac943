// Entry point of the search worker thread (bundled as dist/searchWorker.js; in tests the
// transpiled out-*/src/search/worker.js). SearchWorkerClient starts it with a WorkerConfig.
import { parentPort, workerData } from 'node:worker_threads';
import { serveSearch } from './workerHost';
import type { WorkerConfig } from './workerProtocol';

if (!parentPort) throw new Error('src/search/worker.ts runs as a worker thread (see SearchWorkerClient)');
serveSearch(parentPort, workerData as WorkerConfig);
