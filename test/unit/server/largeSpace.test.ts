import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { SpaceSync } from '../../../src/sync/syncClient';
import { addRecord } from '../store/helpers';
import { Cleanup, startServer, stockClient, tempDir, waitFor } from './helpers';

const limit = 64 * 1024;

/** `ws` refusing incoming messages over `limit`, as a client with a receive limit would. */
class LimitedWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { maxPayload: limit });
  }
}

/** Adds `count` records with long bodies (about 2 KB each) to `doc`, one transaction each. */
function fill(doc: Y.Doc, count: number, prefix = 'r'): void {
  for (let i = 0; i < count; i++) {
    addRecord(doc, `${prefix}${i}`, `关于第${i}号客户需求的确认-${'详细说明'.repeat(20)}`);
    const body = doc.getMap<Y.Map<unknown>>('records').get(`${prefix}${i}`)?.get('body') as Y.Text;
    body.insert(body.length, '背景、目标与行动。'.repeat(60));
  }
}

function limitedClient(cleanup: Cleanup, url: string, space: string): { doc: Y.Doc; provider: WebsocketProvider; closes: number[] } {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const provider = new WebsocketProvider(url, space, doc, {
    disableBc: true,
    awareness,
    WebSocketPolyfill: LimitedWebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 200,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  cleanup.add(() => {
    provider.destroy();
    awareness.destroy();
    doc.destroy();
  });
  return { doc, provider, closes };
}

describe('SyncServer: spaces larger than a message', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it("sends the initial state in pieces under the client's limit, synced only once all arrived, cached for the next fresh client", async () => {
    const dataDir = await tempDir(cleanup);
    const space = await PersistedSpace.open(join(dataDir, 'spaces', 'big'), 'big');
    fill(space.doc, 300);
    const size = Y.encodeStateAsUpdate(space.doc).length;
    await space.close();
    assert.ok(size > 8 * limit, `the space is ${size} bytes`);

    const { server, url } = await startServer(cleanup, { dataDir, syncPieceBytes: limit / 2, maxPayloadBytes: limit });
    const first = limitedClient(cleanup, url, 'big');
    let recordsWhenSynced = -1;
    first.provider.on('sync', (synced: boolean) => {
      if (synced) recordsWhenSynced = first.doc.getMap('records').size;
    });
    await waitFor('first client synced', () => first.provider.synced, 15000);
    assert.equal(recordsWhenSynced, 300, 'synced is reported only after the last piece');
    assert.deepEqual(first.closes, [], "no message exceeded the client's limit");
    assert.ok(server.metrics.syncPiecesSent.get() > size / limit, `${server.metrics.syncPiecesSent.get()} pieces`);

    // An edit after the state was cached; the next fresh client gets the cache plus the edit.
    first.doc.getMap<Y.Map<unknown>>('records').get('r7')?.set('title', '已更新');
    const second = limitedClient(cleanup, url, 'big');
    await waitFor('second client synced', () => second.provider.synced, 15000);
    await waitFor('it has the later edit', () => second.doc.getMap<Y.Map<unknown>>('records').get('r7')?.get('title') === '已更新');
    assert.equal(server.metrics.syncCacheHits.get(), 1);
    assert.deepEqual(second.doc.getMap('records').toJSON(), first.doc.getMap('records').toJSON());
  });

  it('takes a large local state pushed in pieces by SpaceSync; a single oversized message closes only its connection', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, maxPayloadBytes: limit });
    const watcher = stockClient(cleanup, url, 'import');
    await waitFor('watcher synced', () => watcher.provider.synced);

    const local = new Y.Doc();
    fill(local, 200, 'local');
    assert.ok(Y.encodeStateAsUpdate(local).length > 4 * limit);
    const sync = new SpaceSync({ doc: local, serverUrl: url, space: 'import', pushPieceBytes: limit / 4 });
    cleanup.add(() => sync.destroy());
    await sync.whenSynced(10000);
    await waitFor('the other client received all 200 records', () => watcher.records.size === 200, 10000);

    // The stock provider sends its whole state in one sync step 2: over the limit, the server
    // closes that connection (1009) and nobody else's.
    const stockDoc = new Y.Doc();
    fill(stockDoc, 200, 'stock');
    const stock = new WebsocketProvider(url, 'import', stockDoc, {
      disableBc: true,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: 60_000,
    });
    const codes: number[] = [];
    stock.on('connection-close', (event) => {
      if (event) codes.push(event.code);
    });
    cleanup.add(() => {
      stock.destroy();
      stockDoc.destroy(); // also stops the awareness the provider made for it
    });
    await waitFor('the oversized sender was closed', () => codes.includes(1009));
    local.getMap('records').set('after', 'still syncing');
    await waitFor('the room is unaffected', () => watcher.records.get('after') === 'still syncing');
  });
});
