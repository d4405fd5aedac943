// Shared by the server tests: temp folders, a real server on port 0, stock y-websocket clients
// (disableBc: true, see docs/design.md, "Measured on this machine kind"), and polling with a
// deadline instead of sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import type { Logger } from '../../../src/util/logger';
import type { SyncServerOptions } from '../../../server/syncServer';
import { SyncServer } from '../../../server/syncServer';

/** The one poll with a deadline (test/harness/waitFor.ts), 5 s by default. */
export { waitBriefly as waitFor } from '../../harness/waitFor';

/** Collects everything to release after a test, released in reverse order. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step();
    }
  }
}

/** A Cleanup for the tests of the enclosing describe, run after each of them. */
export function useCleanup(): Cleanup {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  return cleanup;
}

export async function tempDir(cleanup: Cleanup): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'liaison-server-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Collects log lines so tests can assert on them (and failures can print them). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

export async function startServer(
  cleanup: Cleanup,
  options: SyncServerOptions,
): Promise<{ server: SyncServer; url: string; port: number }> {
  const server = new SyncServer(options);
  cleanup.add(() => server.close());
  const { url, port } = await server.start();
  return { server, url, port };
}

export interface StockClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly records: Y.Map<unknown>;
}

/** A stock y-websocket client, as any Yjs app would connect. */
export function stockClient(cleanup: Cleanup, url: string, space: string, token?: string): StockClient {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const provider = new WebsocketProvider(url, space, doc, {
    disableBc: true,
    awareness,
    params: token === undefined ? {} : { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 200,
  });
  cleanup.add(() => {
    provider.destroy();
    awareness.destroy();
    doc.destroy();
  });
  return { doc, provider, records: doc.getMap('records') };
}

/** A port nobody listens on right now: the harness's, one definition for every test. */
export { freePort } from '../../harness/processes';

/** Reads a space straight from the server's data folder (the server must be closed). */
export async function readSpaceFromDisk(dataDir: string, name: string): Promise<Y.Doc> {
  const space = await PersistedSpace.open(join(dataDir, 'spaces', name), name);
  await space.close();
  return space.doc;
}

export interface RawOutcome {
  status?: number;
  opened: boolean;
  messages: number;
}

/**
 * Connects with a bare `ws` client and reports what the server answered: the HTTP status of a
 * refused upgrade (via 'unexpected-response'), whether it opened, how many messages arrived.
 */
export function rawConnect(url: string): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const outcome: RawOutcome = { opened: false, messages: 0 };
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (request, response) => {
      outcome.status = response.statusCode;
      response.resume();
      response.on('end', () => {
        request.destroy();
        resolve(outcome);
      });
    });
    ws.on('open', () => {
      outcome.opened = true;
      ws.close();
    });
    ws.on('message', () => {
      outcome.messages++;
    });
    ws.on('error', () => undefined);
    ws.on('close', () => resolve(outcome));
  });
}
