import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { Cleanup, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';

describe('SyncServer: syncing and persistence', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('relays a Y.Map edit between two stock y-websocket clients', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('both clients synced', () => a.provider.synced && b.provider.synced);
    a.records.set('r1', 'hello 你好');
    await waitFor('b sees the edit', () => b.records.get('r1') === 'hello 你好');
    b.records.set('r2', 'back');
    await waitFor('a sees the reply', () => a.records.get('r2') === 'back');
  });

  it('keeps the data across a server close and restart on the same data folder', async () => {
    const dataDir = await tempDir(cleanup);
    const first = await startServer(cleanup, { dataDir });
    const a = stockClient(cleanup, first.url, 'client-acme');
    const b = stockClient(cleanup, first.url, 'client-acme');
    await waitFor('a synced', () => a.provider.synced);
    a.records.set('r1', 'kept');
    // b received it, so by the write-before-relay contract it is on disk already.
    await waitFor('b sees the edit', () => b.records.get('r1') === 'kept');
    a.provider.destroy();
    b.provider.destroy();
    await first.server.close();
    await first.server.close(); // idempotent

    assert.equal((await readSpaceFromDisk(dataDir, 'client-acme')).getMap('records').get('r1'), 'kept');
    const second = await startServer(cleanup, { dataDir });
    const c = stockClient(cleanup, second.url, 'client-acme');
    await waitFor('c synced', () => c.provider.synced);
    assert.equal(c.records.get('r1'), 'kept');
  });

  it('answers /healthz with the loaded spaces and connections, and unloads an idle space', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, idleUnloadMs: 50 });
    const health = async (): Promise<{ ok: boolean; spaces: number; connections: number }> => {
      const response = await fetch(`${url.replace('ws:', 'http:')}/healthz`);
      assert.equal(response.status, 200);
      return (await response.json()) as { ok: boolean; spaces: number; connections: number };
    };
    assert.deepEqual(await health(), { ok: true, spaces: 0, connections: 0 });
    const a = stockClient(cleanup, url, 'internal');
    await waitFor('a synced', () => a.provider.synced);
    a.records.set('r1', 'v');
    assert.deepEqual(await health(), { ok: true, spaces: 1, connections: 1 });
    a.provider.disconnect();
    await waitFor('space unloaded', async () => (await health()).spaces === 0);
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('b synced after reload', () => b.provider.synced && b.records.get('r1') === 'v');
  });

  it('loads a space once for connections that arrive while it is loading', async () => {
    const dataDir = await tempDir(cleanup);
    let opens = 0;
    const openSpace = async (name: string): Promise<PersistedSpace> => {
      opens++;
      return PersistedSpace.open(join(dataDir, 'spaces', name), name);
    };
    const { url } = await startServer(cleanup, { dataDir, openSpace });
    const clients = Array.from({ length: 5 }, () => stockClient(cleanup, url, 'internal'));
    await waitFor('all synced', () => clients.every((client) => client.provider.synced));
    assert.equal(opens, 1);
    clients[0].records.set('x', 1);
    await waitFor('all see the edit', () => clients.every((client) => client.records.get('x') === 1));
  });
});
