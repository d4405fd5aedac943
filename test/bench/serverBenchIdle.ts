// Part 3 of the server benchmark (server.bench.ts): the memory each idle space costs a server: S
// small spaces (20 records) opened by two stock clients each, then left; heap after a full GC, and
// (Liaison) how many spaces are still loaded once idle ones had time to unload.
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { recordCount } from '../../src/store/recordsDoc';
import { waitFor } from '../harness/waitFor';
import { sized } from './report';
import { fillBenchDoc } from './serverBenchData';
import type { ServerKind, ServerUnderTest } from './serverBenchProcs';
import { benchDelay as delay, benchTempDir as tempDir, startServer } from './serverBenchProcs';

export interface IdleMemory {
  perSpaceKB: number;
  loadedAfter: number | string;
}

/** Opens spaces `names` with 20 records each (two clients each, so the server is known to have them), then leaves them. */
async function visitSpaces(url: string, names: string[]): Promise<void> {
  for (let batch = 0; batch < names.length; batch += 4) {
    await Promise.all(
      names.slice(batch, batch + 4).map(async (name) => {
        const doc = new Y.Doc();
        fillBenchDoc(doc, 0, 20, 'bench');
        const awareness = new Awareness(doc);
        const provider = new WebsocketProvider(url, name, doc, {
          disableBc: true,
          awareness,
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        });
        await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
        const check = new Y.Doc();
        const checker = new WebsocketProvider(url, name, check, {
          disableBc: true,
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        });
        await new Promise<void>((resolve) => checker.on('sync', (synced: boolean) => synced && resolve()));
        // Records live in month buckets: count them with the store's reader, and give up rather than spin.
        await waitFor(`space ${name}: 20 records at the checking client`, () => recordCount(check) >= 20, 60_000, 10);
        checker.destroy();
        check.destroy(); // also the awareness the provider made
        provider.destroy();
        awareness.destroy();
        doc.destroy();
      }),
    );
  }
}

/** Spaces the Liaison server still holds in memory (its /healthz), once idle ones had time to unload. */
async function loadedAfterIdle(server: ServerUnderTest): Promise<number> {
  const http = server.url.replace('ws:', 'http:');
  const deadline = Date.now() + 30_000;
  let loaded = -1;
  while (Date.now() < deadline) {
    loaded = ((await (await fetch(`${http}/healthz`)).json()) as { spaces: number }).spaces;
    if (loaded === 0) break;
    await delay(100);
  }
  return loaded;
}

/** The heap each of `idleSpaces` idle spaces of 20 records costs `kind`'s server. */
export async function idleMemory(kind: ServerKind, idleSpaces: number): Promise<IdleMemory> {
  const dataDir = tempDir();
  const server = await startServer(kind, dataDir, 1000);
  try {
    // A first round warms up what every server allocates once (code, pools), so the measured
    // round shows what each further space costs.
    await visitSpaces(
      server.url,
      Array.from({ length: sized(10, 1) }, (_, i) => `warm-${i}`),
    );
    if (kind === 'liaison') await loadedAfterIdle(server);
    const before = await server.memory();
    await visitSpaces(
      server.url,
      Array.from({ length: idleSpaces }, (_, i) => `idle-${i}`),
    );
    const loadedAfter: number | string = kind === 'liaison' ? await loadedAfterIdle(server) : 'all (memory only)';
    const after = await server.memory();
    return { perSpaceKB: ((after.heapUsedMB - before.heapUsedMB) * 1024) / idleSpaces, loadedAfter };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
